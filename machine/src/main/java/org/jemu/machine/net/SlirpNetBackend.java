package org.jemu.machine.net;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jemu.machine.MachineException;
import org.jemu.translator.exec.GuestLog;

/**
 * The user-mode network ({@code -netdev user}, QEMU's {@code net/slirp.c}): libslirp (Debian {@code libslirp0})
 * called through the FFM API. The guest sees a private network with no root privileges needed on the host:
 *
 * <pre>
 * 10.0.2.0/24   the network          10.0.2.2   gateway and host (connections to it reach the host's loopback)
 * 10.0.2.3      DNS (host resolver)   10.0.2.15  first address DHCP hands out
 * fec0::/64     IPv6 prefix           fec0::2 / fec0::3  gateway / DNS
 * </pre>
 *
 * TCP and UDP connections the guest opens are made by libslirp with ordinary host sockets; {@code hostfwd}
 * rules forward host ports to the guest.
 *
 * <h2>Threads</h2>
 * libslirp is not thread-safe, so every call into it happens on this backend's own thread ("slirp-ID"),
 * which sleeps in {@code poll(2)} on libslirp's sockets, a wake-up pipe and its next timer. Guest frames
 * ({@link #send}, vCPU thread) are queued and the thread is woken through the pipe; frames libslirp emits are
 * queued with {@link #hostReceive} and reach the guest at a block boundary (see {@link NetBackend}). libslirp's
 * own timers and TCP timeouts run on the host clock, which the guest cannot observe except through the
 * timing of arriving frames, which are stamped with the instruction count when they become guest-visible.
 */
public final class SlirpNetBackend extends NetBackend {
    private static final int SLIRP_POLL_IN = 1;
    private static final int SLIRP_POLL_OUT = 2;
    private static final int SLIRP_POLL_PRI = 4;
    private static final int SLIRP_POLL_ERR = 8;
    private static final int SLIRP_POLL_HUP = 16;
    private static final short POLLIN = 1;
    private static final short POLLPRI = 2;
    private static final short POLLOUT = 4;
    private static final short POLLERR = 8;
    private static final short POLLHUP = 16;
    private static final int F_SETFL = 4;
    private static final int O_NONBLOCK = 0x800;

    /** SlirpConfig version 4 (libslirp 4.7), its size and field offsets on LP64 Linux. */
    private static final int CFG_VERSION = 4;
    private static final int CFG_SIZE = 184;
    private static final int CFG_RESTRICTED = 4;
    private static final int CFG_IN_ENABLED = 8;
    private static final int CFG_VNETWORK = 12;
    private static final int CFG_VNETMASK = 16;
    private static final int CFG_VHOST = 20;
    private static final int CFG_IN6_ENABLED = 24;
    private static final int CFG_VPREFIX_ADDR6 = 28;
    private static final int CFG_VPREFIX_LEN = 44;
    private static final int CFG_VHOST6 = 48;
    private static final int CFG_VHOSTNAME = 64;
    private static final int CFG_VDHCP_START = 96;
    private static final int CFG_VNAMESERVER = 100;
    private static final int CFG_VNAMESERVER6 = 104;
    private static final int CFG_IF_MTU = 136;
    private static final int CFG_IF_MRU = 144;
    /** SlirpCb: eleven function pointers. */
    private static final int CB_COUNT = 11;

    /** A host-to-guest port forward ({@code hostfwd=tcp:HOSTADDR:HOSTPORT-GUESTADDR:GUESTPORT}). */
    public record HostForward(boolean udp, int hostAddr, int hostPort, int guestAddr, int guestPort) {
    }

    /**
     * The {@code -netdev user} options.
     *
     * @param id       the netdev id
     * @param ipv6     IPv6 on the virtual network (QEMU's default: on)
     * @param restrict isolate the guest from the host and the outside ({@code restrict=on})
     * @param hostname DHCP host name given to the guest, or null
     * @param forwards host port forwards
     */
    public record Options(String id, boolean ipv6, boolean restrict, String hostname, List<HostForward> forwards) {
        public Options {
            forwards = List.copyOf(forwards);
        }
    }

    /** 10.0.2.x in the in_addr (network byte order) representation as a little-endian int. */
    static int inAddr(int a, int b, int c, int d) {
        return a | b << 8 | c << 16 | d << 24;
    }

    public static final int NETWORK = inAddr(10, 0, 2, 0);
    public static final int NETMASK = inAddr(255, 255, 255, 0);
    public static final int GATEWAY = inAddr(10, 0, 2, 2);
    public static final int DNS = inAddr(10, 0, 2, 3);
    public static final int DHCP_START = inAddr(10, 0, 2, 15);

    private final Options options;
    private final Arena arena = Arena.ofShared();
    private final ConcurrentLinkedQueue<byte[]> toSlirp = new ConcurrentLinkedQueue<>();
    private final Map<Long, Timer> timers = new HashMap<>();
    private long nextTimerId = 1;
    private final MethodHandle slirpInput;
    private final MethodHandle pollfdsFill;
    private final MethodHandle pollfdsPoll;
    private final MethodHandle handleTimer;
    private final MethodHandle slirpCleanup;
    private final MethodHandle poll;
    private final MethodHandle read;
    private final MethodHandle write;
    private final MethodHandle close;
    private final MemorySegment slirp;
    private final MemorySegment addPollStub;
    private final MemorySegment getReventsStub;
    private final int wakeRead;
    private final int wakeWrite;
    private final MemorySegment wakeByte;
    private final MemorySegment timeoutCell;
    private MemorySegment pollfds;
    private int pollCount;
    private Thread thread;
    private volatile boolean closing;

    private static final class Timer {
        final MemorySegment cb; // a SlirpTimerCb, or NULL for an id timer
        final MemorySegment cbOpaque;
        final int timerId;
        long expireMs = -1;

        Timer(MemorySegment cb, MemorySegment cbOpaque, int timerId) {
            this.cb = cb;
            this.cbOpaque = cbOpaque;
            this.timerId = timerId;
        }
    }

    /**
     * Creates the libslirp instance and its forwards; the I/O thread starts with {@link #start}.
     *
     * @throws MachineException if libslirp is not installed or a forward cannot be set up (one-line message)
     */
    public SlirpNetBackend(Options options) {
        this(options, "libslirp.so.0");
    }

    /** As {@link #SlirpNetBackend(Options)} with the library's file name given (tests). */
    SlirpNetBackend(Options options, String library) {
        super(options.id());
        this.options = options;
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib;
        try {
            lib = SymbolLookup.libraryLookup(library, arena);
        } catch (IllegalArgumentException | IllegalCallerException e) {
            arena.close();
            throw new MachineException("-netdev user: the user-mode network needs libslirp "
                    + "(install the Debian package libslirp0): " + e.getMessage());
        }
        try {
            MethodHandle slirpNew = down(linker, lib, "slirp_new", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
            slirpInput = down(linker, lib, "slirp_input", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_INT));
            pollfdsFill = down(linker, lib, "slirp_pollfds_fill", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
            pollfdsPoll = down(linker, lib, "slirp_pollfds_poll", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
            handleTimer = down(linker, lib, "slirp_handle_timer", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS));
            slirpCleanup = down(linker, lib, "slirp_cleanup", FunctionDescriptor.ofVoid(ADDRESS));
            MethodHandle addHostfwd = down(linker, lib, "slirp_add_hostfwd",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
            SymbolLookup libc = linker.defaultLookup();
            poll = down(linker, libc, "poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
            read = down(linker, libc, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
            write = down(linker, libc, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
            close = down(linker, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
            MethodHandle pipe = down(linker, libc, "pipe", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            MethodHandle fcntl = down(linker, libc, "fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));

            MemorySegment fds = arena.allocate(8);
            if ((int) pipe.invokeExact(fds) != 0) {
                throw new MachineException("-netdev user: cannot create the wake-up pipe");
            }
            wakeRead = fds.get(JAVA_INT, 0);
            wakeWrite = fds.get(JAVA_INT, 4);
            int unused1 = (int) fcntl.invokeExact(wakeRead, F_SETFL, O_NONBLOCK);
            int unused2 = (int) fcntl.invokeExact(wakeWrite, F_SETFL, O_NONBLOCK);
            wakeByte = arena.allocate(64);
            timeoutCell = arena.allocate(4);
            pollfds = arena.allocate(8L * 64);

            MethodHandles.Lookup l = MethodHandles.lookup();
            MemorySegment cb = arena.allocate(8L * CB_COUNT);
            MemorySegment[] stubs = {
                upcall(linker, l, "sendPacket", FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS)),
                upcall(linker, l, "guestError", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS)),
                upcall(linker, l, "clockGetNs", FunctionDescriptor.of(JAVA_LONG, ADDRESS)),
                upcall(linker, l, "timerNew", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS)),
                upcall(linker, l, "timerFree", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS)),
                upcall(linker, l, "timerMod", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS)),
                upcall(linker, l, "registerPollFd", FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS)),
                upcall(linker, l, "registerPollFd", FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS)),
                upcall(linker, l, "notify", FunctionDescriptor.ofVoid(ADDRESS)),
                upcall(linker, l, "initCompleted", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS)),
                upcall(linker, l, "timerNewOpaque", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS)),
            };
            for (int i = 0; i < CB_COUNT; i++) {
                cb.set(ADDRESS, 8L * i, stubs[i]);
            }
            addPollStub = upcall(linker, l, "addPoll", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
            getReventsStub = upcall(linker, l, "getRevents", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

            MemorySegment cfg = arena.allocate(CFG_SIZE, 8);
            cfg.set(JAVA_INT, 0, CFG_VERSION);
            cfg.set(JAVA_INT, CFG_RESTRICTED, options.restrict() ? 1 : 0);
            cfg.set(JAVA_BYTE, CFG_IN_ENABLED, (byte) 1);
            cfg.set(JAVA_INT, CFG_VNETWORK, NETWORK);
            cfg.set(JAVA_INT, CFG_VNETMASK, NETMASK);
            cfg.set(JAVA_INT, CFG_VHOST, GATEWAY);
            cfg.set(JAVA_BYTE, CFG_IN6_ENABLED, (byte) (options.ipv6() ? 1 : 0));
            byte[] prefix = {(byte) 0xfe, (byte) 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            MemorySegment.copy(prefix, 0, cfg, JAVA_BYTE, CFG_VPREFIX_ADDR6, 16);
            cfg.set(JAVA_BYTE, CFG_VPREFIX_LEN, (byte) 64);
            prefix[15] = 2;
            MemorySegment.copy(prefix, 0, cfg, JAVA_BYTE, CFG_VHOST6, 16);
            prefix[15] = 3;
            MemorySegment.copy(prefix, 0, cfg, JAVA_BYTE, CFG_VNAMESERVER6, 16);
            if (options.hostname() != null) {
                cfg.set(ADDRESS, CFG_VHOSTNAME, arena.allocateFrom(options.hostname()));
            }
            cfg.set(JAVA_INT, CFG_VDHCP_START, DHCP_START);
            cfg.set(JAVA_INT, CFG_VNAMESERVER, DNS);
            cfg.set(JAVA_LONG, CFG_IF_MTU, 1500);
            cfg.set(JAVA_LONG, CFG_IF_MRU, 1500);
            slirp = (MemorySegment) slirpNew.invokeExact(cfg, cb, MemorySegment.NULL);
            if (slirp.equals(MemorySegment.NULL)) {
                throw new MachineException("-netdev user: libslirp refused the network configuration");
            }
            for (HostForward f : options.forwards()) {
                int r = (int) addHostfwd.invokeExact(slirp, f.udp() ? 1 : 0, f.hostAddr(), f.hostPort(),
                        f.guestAddr(), f.guestPort());
                if (r < 0) {
                    throw new MachineException("-netdev user,hostfwd=" + (f.udp() ? "udp" : "tcp") + "::"
                            + f.hostPort() + "-:" + f.guestPort() + ": could not set up the host forwarding rule"
                            + " (is host port " + f.hostPort() + " in use?)");
                }
            }
        } catch (MachineException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new MachineException("-netdev user: libslirp failed to start: " + t);
        }
    }

    private static MethodHandle down(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
        MemorySegment sym = lib.find(name).orElseThrow(
                () -> new MachineException("-netdev user: libslirp has no " + name + " (libslirp0 4.7 or later is needed)"));
        return linker.downcallHandle(sym, fd);
    }

    private MemorySegment upcall(Linker linker, MethodHandles.Lookup l, String method, FunctionDescriptor fd)
            throws ReflectiveOperationException {
        MethodType t = fd.toMethodType();
        MethodHandle h = l.findVirtual(SlirpNetBackend.class, method, t).bindTo(this);
        return linker.upcallStub(h, fd, arena);
    }

    // ---------------------------------------------------------------------------------------------
    // libslirp callbacks (all on the slirp thread; an exception here would abort the JVM, so none escapes)

    private long sendPacket(MemorySegment buf, long len, MemorySegment opaque) {
        try {
            if (len > 0 && len <= MAX_FRAME) {
                hostReceive(buf.reinterpret(len).toArray(JAVA_BYTE));
            }
        } catch (Throwable t) {
            // dropped
        }
        return len;
    }

    private void guestError(MemorySegment msg, MemorySegment opaque) {
        try {
            if (GuestLog.on(GuestLog.GUEST_ERRORS)) {
                GuestLog.log("slirp: " + msg.reinterpret(4096).getString(0));
            }
        } catch (Throwable t) {
            // ignore
        }
    }

    private long clockGetNs(MemorySegment opaque) {
        return System.nanoTime();
    }

    private MemorySegment timerNew(MemorySegment cb, MemorySegment cbOpaque, MemorySegment opaque) {
        return newTimer(new Timer(cb, cbOpaque, -1));
    }

    private MemorySegment timerNewOpaque(int id, MemorySegment cbOpaque, MemorySegment opaque) {
        return newTimer(new Timer(MemorySegment.NULL, cbOpaque, id));
    }

    private MemorySegment newTimer(Timer t) {
        long id = nextTimerId++;
        timers.put(id, t);
        return MemorySegment.ofAddress(id);
    }

    private void timerFree(MemorySegment timer, MemorySegment opaque) {
        timers.remove(timer.address());
    }

    private void timerMod(MemorySegment timer, long expireMs, MemorySegment opaque) {
        Timer t = timers.get(timer.address());
        if (t != null) {
            t.expireMs = expireMs;
        }
    }

    private void registerPollFd(int fd, MemorySegment opaque) {
    }

    private void notify(MemorySegment opaque) {
        wake();
    }

    private void initCompleted(MemorySegment s, MemorySegment opaque) {
    }

    private int addPoll(int fd, int events, MemorySegment opaque) {
        try {
            return addPollFd(fd, events);
        } catch (Throwable t) {
            return -1;
        }
    }

    private int addPollFd(int fd, int events) {
        if ((long) (pollCount + 1) * 8 > pollfds.byteSize()) {
            MemorySegment bigger = arena.allocate(pollfds.byteSize() * 2);
            MemorySegment.copy(pollfds, 0, bigger, 0, pollfds.byteSize());
            pollfds = bigger;
        }
        short ev = 0;
        if ((events & SLIRP_POLL_IN) != 0) {
            ev |= POLLIN;
        }
        if ((events & SLIRP_POLL_OUT) != 0) {
            ev |= POLLOUT;
        }
        if ((events & SLIRP_POLL_PRI) != 0) {
            ev |= POLLPRI;
        }
        long o = 8L * pollCount;
        pollfds.set(JAVA_INT, o, fd);
        pollfds.set(JAVA_SHORT, o + 4, ev);
        pollfds.set(JAVA_SHORT, o + 6, (short) 0);
        return pollCount++;
    }

    private int getRevents(int idx, MemorySegment opaque) {
        if (idx < 0 || idx >= pollCount) {
            return 0;
        }
        short re = pollfds.get(JAVA_SHORT, 8L * idx + 6);
        int r = 0;
        if ((re & POLLIN) != 0) {
            r |= SLIRP_POLL_IN;
        }
        if ((re & POLLOUT) != 0) {
            r |= SLIRP_POLL_OUT;
        }
        if ((re & POLLPRI) != 0) {
            r |= SLIRP_POLL_PRI;
        }
        if ((re & POLLERR) != 0) {
            r |= SLIRP_POLL_ERR;
        }
        if ((re & POLLHUP) != 0) {
            r |= SLIRP_POLL_HUP;
        }
        return r;
    }

    // ---------------------------------------------------------------------------------------------

    /** The options this backend was created with. */
    public Options options() {
        return options;
    }

    @Override
    public void send(byte[] frame, int off, int len) {
        if (len <= 0 || len > MAX_FRAME || closing) {
            return;
        }
        toSlirp.add(java.util.Arrays.copyOfRange(frame, off, off + len));
        wake();
    }

    private void wake() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment b = a.allocate(1);
            long unused = (long) write.invokeExact(wakeWrite, b, 1L);
        } catch (Throwable t) {
            // the pipe is full: the thread is awake anyway
        }
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Thread.ofPlatform().daemon().name("slirp-" + id()).start(this::loop);
    }

    private void loop() {
        MemorySegment pkt = arena.allocate(MAX_FRAME);
        try {
            while (!closing) {
                byte[] f;
                while ((f = toSlirp.poll()) != null) {
                    MemorySegment.copy(f, 0, pkt, JAVA_BYTE, 0, f.length);
                    slirpInput.invokeExact(slirp, pkt, f.length);
                }
                long now = System.nanoTime() / 1_000_000;
                long next = now + 1000;
                for (Map.Entry<Long, Timer> e : new ArrayList<>(timers.entrySet())) {
                    Timer t = e.getValue();
                    if (t.expireMs < 0) {
                        continue;
                    }
                    if (t.expireMs <= now) {
                        t.expireMs = -1;
                        if (t.cb.equals(MemorySegment.NULL)) {
                            handleTimer.invokeExact(slirp, t.timerId, t.cbOpaque);
                        } else {
                            MethodHandle h = Linker.nativeLinker().downcallHandle(t.cb, FunctionDescriptor.ofVoid(ADDRESS));
                            h.invokeExact(t.cbOpaque);
                        }
                    } else {
                        next = Math.min(next, t.expireMs);
                    }
                }
                pollCount = 0;
                addPollFd(wakeRead, SLIRP_POLL_IN);
                timeoutCell.set(JAVA_INT, 0, (int) Math.max(0, next - now));
                pollfdsFill.invokeExact(slirp, timeoutCell, addPollStub, MemorySegment.NULL);
                int timeout = timeoutCell.get(JAVA_INT, 0);
                if (!toSlirp.isEmpty()) {
                    timeout = 0;
                }
                int n = (int) poll.invokeExact(pollfds, (long) pollCount, timeout);
                if ((pollfds.get(JAVA_SHORT, 6) & POLLIN) != 0) {
                    long unused = (long) read.invokeExact(wakeRead, wakeByte, 64L);
                }
                pollfdsPoll.invokeExact(slirp, n < 0 ? 1 : 0, getReventsStub, MemorySegment.NULL);
            }
        } catch (Throwable t) {
            if (!closing) {
                System.err.println("jemu: -netdev user,id=" + id() + ": the user-mode network stopped: " + t);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        wake();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (t == null || !t.isAlive()) {
            try {
                slirpCleanup.invokeExact(slirp);
                int unused1 = (int) close.invokeExact(wakeRead);
                int unused2 = (int) close.invokeExact(wakeWrite);
            } catch (Throwable e) {
                // best effort
            }
            arena.close();
        }
    }
}
