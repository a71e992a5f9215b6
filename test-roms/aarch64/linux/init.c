/* init.c - PID 1 of the initramfs LinuxGuestArm64Test and LinuxGuestArmhfTest build (compiled for aarch64
 * here and for armhf by test-roms/arm/linux/Makefile). It runs the test programs named in /programs (one
 * name of a file in /bin a line) between markers. If the test put virtio modules in /modules (with their load
 * order in /modules/order), it loads them first and afterwards reads a block the host wrote to /dev/vda and
 * writes a file there, says hello on /dev/hvc0, brings up eth0 as 10.0.2.15/24 with gateway 10.0.2.2 (QEMU's
 * user network) and fetches http://10.0.2.2:$httpport/$httppath. Then it powers the machine off. Every step
 * prints a "JEMU-..." line on the console for the test to check. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

static uint64_t fnv(const unsigned char *b, size_t n) {
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++) { h ^= b[i]; h *= 1099511628211ULL; }
    return h;
}

static int open_retry(const char *path, int flags) {
    for (int i = 0; i < 200; i++) {
        int fd = open(path, flags);
        if (fd >= 0 || errno != ENOENT) return fd;
        usleep(10000);
    }
    return -1;
}

static int load_modules(void) {
    FILE *f = fopen("/modules/order", "r");
    char name[256];
    if (!f) { say("JEMU-MODULES none"); return 0; }
    while (fgets(name, sizeof name, f)) {
        name[strcspn(name, "\n")] = 0;
        if (!name[0]) continue;
        char path[300];
        snprintf(path, sizeof path, "/modules/%s", name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        long r = fd < 0 ? -1 : syscall(SYS_finit_module, fd, "", 0);
        say("JEMU-MODULE %s %s", name, r == 0 ? "ok" : strerror(errno));
        if (fd >= 0) close(fd);
    }
    fclose(f);
    return 1;
}

static void run(const char *name) {
    char path[80];
    snprintf(path, sizeof path, "/bin/%s", name);
    say("JEMU-BEGIN %s", name);
    pid_t p = fork();
    if (p == 0) {
        char *argv[] = {path, NULL};
        char *envp[] = {"PATH=/bin", NULL};
        execve(path, argv, envp);
        _exit(127);
    }
    int st = 0;
    waitpid(p, &st, 0);
    say("JEMU-END %s %d", name, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

static void disk(void) {
    int fd = open_retry("/dev/vda", O_RDWR | O_SYNC);
    if (fd < 0) {
        say("JEMU-DISK no /dev/vda: %s", strerror(errno));
        FILE *pp = fopen("/proc/partitions", "r");
        char line[200];
        while (pp && fgets(line, sizeof line, pp)) printf("JEMU-DISK partitions: %s", line);
        if (pp) fclose(pp);
        return;
    }
    unsigned char blk[4096];
    if (pread(fd, blk, sizeof blk, 8 * 512) != (ssize_t)sizeof blk) { say("JEMU-DISK read failed"); close(fd); return; }
    say("JEMU-DISK-READ %016llx", (unsigned long long)fnv(blk, sizeof blk));
    /* the file: a header line with the length, then the content */
    char content[512];
    int n = snprintf(content, sizeof content, "written by the jemu guest on /dev/vda; host block hash %016llx\n",
                     (unsigned long long)fnv(blk, sizeof blk));
    char file[600];
    int m = snprintf(file, sizeof file, "JEMUFILE %d\n%s", n, content);
    if (pwrite(fd, file, m, 0) != m || fsync(fd) != 0) { say("JEMU-DISK write failed: %s", strerror(errno)); }
    else say("JEMU-DISK-WROTE %d", n);
    close(fd);
}

static void hvc(void) {
    int fd = open_retry("/dev/hvc0", O_WRONLY | O_NOCTTY);
    if (fd < 0) { say("JEMU-HVC no /dev/hvc0: %s", strerror(errno)); return; }
    const char msg[] = "hello from hvc0\n";
    ssize_t w = write(fd, msg, sizeof msg - 1);
    close(fd);
    say("JEMU-HVC %zd", w);
}

static int ifreq_addr(int s, unsigned long req, const char *ip) {
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "eth0");
    struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
    sin->sin_family = AF_INET;
    inet_pton(AF_INET, ip, &sin->sin_addr);
    return ioctl(s, req, &ifr);
}

static void net(void) {
    const char *port = getenv("httpport");
    const char *path = getenv("httppath");
    if (!port || !path) { say("JEMU-NET no httpport/httppath"); return; }
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "eth0");
    if (ioctl(s, SIOCGIFHWADDR, &ifr) != 0) { say("JEMU-NET no eth0: %s", strerror(errno)); return; }
    unsigned char *mac = (unsigned char *)ifr.ifr_hwaddr.sa_data;
    say("JEMU-NET-MAC %02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
    if (ifreq_addr(s, SIOCSIFADDR, "10.0.2.15") || ifreq_addr(s, SIOCSIFNETMASK, "255.255.255.0")) {
        say("JEMU-NET address: %s", strerror(errno)); return;
    }
    ioctl(s, SIOCGIFFLAGS, &ifr);
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &ifr)) { say("JEMU-NET up: %s", strerror(errno)); return; }
    struct rtentry rt;
    memset(&rt, 0, sizeof rt);
    struct sockaddr_in *gw = (struct sockaddr_in *)&rt.rt_gateway;
    gw->sin_family = AF_INET;
    inet_pton(AF_INET, "10.0.2.2", &gw->sin_addr);
    ((struct sockaddr_in *)&rt.rt_dst)->sin_family = AF_INET;
    ((struct sockaddr_in *)&rt.rt_genmask)->sin_family = AF_INET;
    rt.rt_flags = RTF_UP | RTF_GATEWAY;
    if (ioctl(s, SIOCADDRT, &rt)) { say("JEMU-NET route: %s", strerror(errno)); return; }
    close(s);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(atoi(port))};
    inet_pton(AF_INET, "10.0.2.2", &to.sin_addr);
    if (connect(c, (struct sockaddr *)&to, sizeof to)) { say("JEMU-NET connect: %s", strerror(errno)); return; }
    char req[256];
    int n = snprintf(req, sizeof req, "GET /%s HTTP/1.0\r\nHost: 10.0.2.2\r\nUser-Agent: jemu-init\r\n\r\n", path);
    if (write(c, req, n) != n) { say("JEMU-NET send: %s", strerror(errno)); return; }
    static char resp[1 << 20];
    size_t got = 0;
    ssize_t r;
    while (got < sizeof resp - 1 && (r = read(c, resp + got, sizeof resp - 1 - got)) > 0) got += r;
    close(c);
    resp[got] = 0;
    char *body = strstr(resp, "\r\n\r\n");
    char status[64] = "";
    sscanf(resp, "%63[^\r\n]", status);
    say("JEMU-NET-STATUS %s", status);
    if (body) {
        body += 4;
        size_t blen = got - (body - resp);
        say("JEMU-NET-BODY %zu %016llx", blen, (unsigned long long)fnv((unsigned char *)body, blen));
        say("JEMU-NET-FIRSTLINE %.*s", (int)strcspn(body, "\n"), body);
    }
}

int main(void) {
    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    mount("proc", "/proc", "proc", 0, NULL);
    mount("sysfs", "/sys", "sysfs", 0, NULL);
    say("JEMU-INIT start");
    int devices = load_modules();
    FILE *progs = fopen("/programs", "r");
    char name[64];
    while (progs && fgets(name, sizeof name, progs)) {
        name[strcspn(name, "\n")] = 0;
        if (name[0]) run(name);
    }
    if (progs) fclose(progs);
    else say("JEMU-PROGRAMS none");
    if (devices) {
        disk();
        hvc();
        net();
    }
    say("JEMU-INIT done");
    sync();
    reboot(RB_POWER_OFF);
    return 0;
}
