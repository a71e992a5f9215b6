package org.jemu.machine.gdb;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GDB Remote Serial Protocol server over TCP ({@code -gdb tcp::1234}, {@code -s}), in the spirit of QEMU's
 * {@code gdbstub/}: one client at a time, all-stop mode, one thread per vCPU (thread id = vCPU index + 1).
 *
 * <p>Threads: an acceptor/session thread ({@code jemu-gdb}) owns the connection state and handles packets one
 * at a time; a reader thread per connection ({@code jemu-gdb-reader}) does the framing, checksums and acks,
 * and turns the interrupt byte into an event. Stops reported by the target (on the vCPU thread) are queued
 * to the session thread too, so the session never races with itself.
 *
 * <p>Packets: {@code qSupported}, {@code qXfer:features:read}, {@code QStartNoAckMode}, {@code ?},
 * {@code g/G/p/P}, {@code m/M/X}, {@code c/C/s/S}, {@code vCont?}, {@code vCont}, {@code Z0..Z4/z0..z4},
 * {@code H}, {@code T}, {@code qfThreadInfo/qsThreadInfo/qC/qThreadExtraInfo}, {@code qAttached},
 * {@code qRcmd}, {@code D}, {@code k}, {@code vKill}; anything else gets the empty reply. Bad input (bad
 * checksums, malformed or oversized packets, a client that goes away mid-packet) is logged at debug level
 * and never changes the guest.
 */
public final class GdbStub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GdbStub.class);

    /** Largest packet payload accepted (and announced as PacketSize). */
    public static final int PACKET_SIZE = 0x4000;

    private static final Object INTERRUPT = new Object();
    private static final Object WAKE = new Object();

    private record Incoming(Session session, Object what) {
    }

    private record Oversized() {
    }

    private record Disconnected() {
    }

    private record Exit(GdbTarget.StopEvent event, CountDownLatch done) {
    }

    private final GdbTarget target;
    private final ServerSocket server;
    private final Thread thread;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private volatile Session session;

    private GdbStub(GdbTarget target, ServerSocket server) {
        this.target = target;
        this.server = server;
        target.setStopListener(e -> queue.add(e));
        this.thread = new Thread(this::acceptLoop, "jemu-gdb");
        this.thread.setDaemon(true);
    }

    /**
     * Starts listening on {@code device}: {@code tcp::PORT}, {@code tcp:HOST:PORT}, {@code :PORT} or
     * {@code PORT} (port 0 picks a free port; see {@link #port()}).
     *
     * @throws IOException if the address cannot be bound (port in use)
     * @throws IllegalArgumentException if {@code device} is not a TCP address
     */
    public static GdbStub start(GdbTarget target, String device) throws IOException {
        InetSocketAddress addr = parseDevice(device);
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(addr, 1);
        } catch (IOException e) {
            ss.close();
            throw e;
        }
        GdbStub stub = new GdbStub(target, ss);
        stub.thread.start();
        return stub;
    }

    /** Parses a {@code -gdb} device string into a socket address. */
    static InetSocketAddress parseDevice(String device) {
        String d = device.trim();
        if (d.startsWith("tcp:")) {
            d = d.substring(4);
        } else if (d.contains(":") && !d.startsWith(":") || d.isEmpty()) {
            throw new IllegalArgumentException("-gdb " + device + ": expected tcp::PORT or tcp:HOST:PORT");
        }
        int colon = d.lastIndexOf(':');
        String host = colon < 0 ? "" : d.substring(0, colon);
        String port = colon < 0 ? d : d.substring(colon + 1);
        int comma = port.indexOf(',');
        if (comma >= 0) {
            port = port.substring(0, comma); // QEMU options such as ,server,nowait
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-gdb " + device + ": '" + port + "' is not a port number");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("-gdb " + device + ": port " + p + " is out of range");
        }
        try {
            // QEMU listens on all interfaces for tcp::PORT; jemu stays on the loopback unless a host is named.
            InetAddress a = host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
            return new InetSocketAddress(a, p);
        } catch (IOException e) {
            throw new IllegalArgumentException("-gdb " + device + ": unknown host " + host);
        }
    }

    /** The TCP port the stub listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** True while a debugger is connected. */
    public boolean isConnected() {
        return session != null;
    }

    /**
     * Tells the connected debugger the guest ended (a {@code W} stop reply with {@code exitCode}) if it
     * waits for a stop. Returns once the reply is sent, or after a second.
     */
    public void targetExited(int exitCode) {
        if (session == null) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        queue.add(new Exit(new GdbTarget.StopEvent(target.defaultThread(), GdbTarget.StopKind.EXITED, 0, 0, 0,
                exitCode), done));
        try {
            done.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops listening and drops the connection; the guest keeps its state. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the gdb server socket: {}", e.toString());
        }
        Session s = session;
        if (s != null) {
            s.closeSocket();
        }
        queue.add(WAKE);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- connection handling ----------------------------------------------------------------------

    private void acceptLoop() {
        while (!closed) {
            Socket sock;
            try {
                sock = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("gdb accept failed: {}", e.toString());
                }
                break;
            }
            try {
                Session s = new Session(sock);
                session = s;
                s.run();
            } catch (IOException | RuntimeException e) {
                LOG.debug("gdb session ended: {}", e.toString());
            } finally {
                session = null;
                try {
                    sock.close();
                } catch (IOException e) {
                    LOG.debug("closing the gdb connection: {}", e.toString());
                }
            }
        }
        // Release anyone waiting on an exit notification.
        for (Object o; (o = queue.poll()) != null; ) {
            if (o instanceof Exit x) {
                x.done.countDown();
            }
        }
    }

    /** One debugger connection. */
    private final class Session {
        private final Socket sock;
        private final OutputStream out;
        private volatile boolean noAck;
        private volatile byte[] lastPacket;
        private boolean waitingForStop;
        private GdbTarget.StopEvent lastStop;
        private int gThread;
        private int cThread = -1;
        /** The thread reading this connection (ends when gdb closes it). */
        private Thread reader;
        /** Inserted breakpoints and watchpoints: key "type,addr,len" -> count (removed on detach/disconnect). */
        private final Map<List<Long>, Integer> points = new HashMap<>();

        Session(Socket sock) throws IOException {
            this.sock = sock;
            sock.setTcpNoDelay(true);
            this.out = sock.getOutputStream();
        }

        void closeSocket() {
            try {
                sock.close();
            } catch (IOException e) {
                LOG.debug("closing the gdb connection: {}", e.toString());
            }
        }

        void run() throws IOException {
            LOG.debug("gdb connected from {}", sock.getRemoteSocketAddress());
            // Drop stop events of earlier sessions; a debugger attaches to a stopped target.
            for (Object o; (o = queue.peek()) != null && !(o instanceof Exit); ) {
                queue.poll();
            }
            target.stopForAttach();
            queue.removeIf(o -> o instanceof GdbTarget.StopEvent);
            gThread = target.defaultThread();
            lastStop = new GdbTarget.StopEvent(gThread, GdbTarget.StopKind.STEP, 0, 0, 0, 0);
            reader = new Thread(this::readLoop, "jemu-gdb-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                while (!closed) {
                    Object o;
                    try {
                        o = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (o instanceof Incoming in) {
                        if (in.session != this) {
                            continue;
                        }
                        if (in.what instanceof Disconnected) {
                            LOG.debug("gdb disconnected");
                            return;
                        } else if (in.what == INTERRUPT) {
                            if (waitingForStop) {
                                target.interrupt();
                            }
                        } else if (in.what instanceof Oversized) {
                            sendPacket("E01");
                        } else if (in.what instanceof String p) {
                            if (!handle(p)) {
                                return;
                            }
                        }
                    } else if (o instanceof GdbTarget.StopEvent e) {
                        lastStop = e;
                        gThread = e.thread();
                        if (waitingForStop) {
                            waitingForStop = false;
                            sendPacket(stopReply(e));
                        }
                    } else if (o instanceof Exit x) {
                        try {
                            if (waitingForStop) {
                                waitingForStop = false;
                                sendPacket(stopReply(x.event));
                            }
                        } finally {
                            x.done.countDown();
                        }
                        return;
                    }
                }
            } finally {
                removeAllPoints();
                closeSocket();
                try {
                    reader.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        // ---- framing (reader thread) ----------------------------------------------------------------

        private void readLoop() {
            try (InputStream in = new BufferedInputStream(sock.getInputStream())) {
                byte[] buf = new byte[PACKET_SIZE];
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    if (b == 0x03) {
                        queue.add(new Incoming(this, INTERRUPT));
                        continue;
                    }
                    if (b == '-') {
                        byte[] last = lastPacket;
                        if (last != null && !noAck) {
                            LOG.debug("gdb asked for a retransmission");
                            write(last);
                        }
                        continue;
                    }
                    if (b != '$') {
                        if (b != '+') {
                            LOG.debug("gdb: ignoring byte 0x{} outside a packet", Integer.toHexString(b));
                        }
                        continue;
                    }
                    // Packet body up to '#'. A '$' inside restarts the packet.
                    int len = 0;
                    int sum = 0;
                    boolean overflow = false;
                    while (true) {
                        b = in.read();
                        if (b < 0) {
                            LOG.debug("gdb disconnected in the middle of a packet");
                            return;
                        }
                        if (b == '#') {
                            break;
                        }
                        if (b == '$') {
                            LOG.debug("gdb: packet restarted before its end");
                            len = 0;
                            sum = 0;
                            overflow = false;
                            continue;
                        }
                        sum += b;
                        if (len < buf.length) {
                            buf[len++] = (byte) b;
                        } else {
                            overflow = true;
                        }
                    }
                    int c1 = in.read();
                    int c2 = c1 < 0 ? -1 : in.read();
                    if (c2 < 0) {
                        LOG.debug("gdb disconnected in the middle of a checksum");
                        return;
                    }
                    int h1 = Character.digit(c1, 16);
                    int h2 = Character.digit(c2, 16);
                    if (h1 < 0 || h2 < 0 || ((h1 << 4) | h2) != (sum & 0xff)) {
                        LOG.debug("gdb: bad checksum {}{} (expected {})", (char) c1, (char) c2,
                                String.format("%02x", sum & 0xff));
                        if (!noAck) {
                            write(new byte[] {'-'});
                        }
                        continue;
                    }
                    if (!noAck) {
                        write(new byte[] {'+'});
                    }
                    if (overflow) {
                        LOG.debug("gdb: packet longer than {} bytes dropped", PACKET_SIZE);
                        queue.add(new Incoming(this, new Oversized()));
                    } else {
                        queue.add(new Incoming(this, new String(buf, 0, len, StandardCharsets.ISO_8859_1)));
                    }
                }
            } catch (IOException e) {
                LOG.debug("gdb connection read failed: {}", e.toString());
            } finally {
                queue.add(new Incoming(this, new Disconnected()));
            }
        }

        private void write(byte[] b) {
            synchronized (out) {
                try {
                    out.write(b);
                    out.flush();
                } catch (IOException e) {
                    LOG.debug("gdb connection write failed: {}", e.toString());
                    closeSocket();
                }
            }
        }

        /** Sends {@code payload} framed, escaping the characters the protocol reserves. */
        void sendPacket(String payload) {
            StringBuilder sb = new StringBuilder(payload.length() + 8).append('$');
            int sum = 0;
            for (int i = 0; i < payload.length(); i++) {
                char c = payload.charAt(i);
                if (c == '$' || c == '#' || c == '}' || c == '*') {
                    sb.append('}');
                    sum += '}';
                    c ^= 0x20;
                }
                sb.append(c);
                sum += c;
            }
            sb.append('#').append(String.format("%02x", sum & 0xff));
            byte[] b = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            lastPacket = b;
            write(b);
        }

        // ---- packets (session thread) ---------------------------------------------------------------

        /** Handles one packet. Returns false when the session ends (kill). */
        boolean handle(String p) {
            String reply;
            try {
                reply = dispatch(p);
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                LOG.debug("gdb: malformed packet '{}': {}", abbreviate(p), e.toString());
                reply = "E01";
            } catch (RuntimeException e) {
                LOG.debug("gdb: packet '{}' failed: {}", abbreviate(p), e.toString());
                reply = "E01";
            }
            if (reply == KILLED) {
                return false;
            }
            if (reply != null) {
                sendPacket(reply);
            }
            if (p.equals("QStartNoAckMode")) {
                noAck = true;
            }
            return true;
        }

        private static final String KILLED = new String("killed");

        /**
         * Gives gdb up to a second to read the last reply and close the connection before the emulator ends:
         * a process that exits with gdb's ack still unread resets the connection, and gdb may then lose the
         * reply ("Remote connection closed" instead of "[Inferior 1 (Remote target) killed]").
         */
        private void awaitClientClose() {
            try {
                reader.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The reply to {@code p}, null for none yet (resumed), {@link #KILLED} to end the session. */
        private String dispatch(String p) {
            if (p.isEmpty()) {
                return "";
            }
            char cmd = p.charAt(0);
            String a = p.substring(1);
            switch (cmd) {
                case '?' -> {
                    return stopReply(lastStop);
                }
                case 'g' -> {
                    return hex(target.readRegisters(gThread));
                }
                case 'G' -> {
                    return target.writeRegisters(gThread, unhex(a)) ? "OK" : "E01";
                }
                case 'p' -> {
                    byte[] v = target.readRegister(gThread, Integer.parseInt(a, 16));
                    return v == null ? "E01" : hex(v);
                }
                case 'P' -> {
                    int eq = a.indexOf('=');
                    boolean ok = target.writeRegister(gThread, Integer.parseInt(a.substring(0, eq), 16),
                            unhex(a.substring(eq + 1)));
                    return ok ? "OK" : "E01";
                }
                case 'm' -> {
                    int comma = a.indexOf(',');
                    long addr = Long.parseUnsignedLong(a.substring(0, comma), 16);
                    int len = (int) Math.min(Long.parseUnsignedLong(a.substring(comma + 1), 16), PACKET_SIZE / 2);
                    if (len == 0) {
                        return "";
                    }
                    byte[] b = target.readMemory(gThread, addr, len);
                    return b.length == 0 ? "E14" : hex(b);
                }
                case 'M', 'X' -> {
                    int comma = a.indexOf(',');
                    int colon = a.indexOf(':', comma);
                    long addr = Long.parseUnsignedLong(a.substring(0, comma), 16);
                    long len = Long.parseUnsignedLong(a.substring(comma + 1, colon), 16);
                    String data = a.substring(colon + 1);
                    byte[] b = cmd == 'M' ? unhex(data) : unescape(data);
                    if (b.length != len) {
                        return "E01";
                    }
                    if (len == 0) {
                        return "OK";
                    }
                    return target.writeMemory(gThread, addr, b) ? "OK" : "E14";
                }
                case 'c', 's', 'C', 'S' -> {
                    String addr = a;
                    if (cmd == 'C' || cmd == 'S') {
                        int semi = a.indexOf(';');
                        Integer.parseInt(semi < 0 ? a : a.substring(0, semi), 16); // signal: ignored
                        addr = semi < 0 ? "" : a.substring(semi + 1);
                    }
                    int t = cThread >= 0 ? cThread : gThread;
                    if (!addr.isEmpty()) {
                        target.setPc(t, Long.parseUnsignedLong(addr, 16));
                    }
                    resume(cmd == 's' || cmd == 'S' ? t : -1);
                    return null;
                }
                case 'H' -> {
                    if (a.isEmpty()) {
                        return "E01";
                    }
                    int t = parseThread(a.substring(1));
                    if (t < -1 || t >= target.threadCount()) {
                        return "E01";
                    }
                    if (a.charAt(0) == 'g') {
                        gThread = t < 0 ? target.defaultThread() : t;
                    } else if (a.charAt(0) == 'c') {
                        cThread = t;
                    } else {
                        return "E01";
                    }
                    return "OK";
                }
                case 'T' -> {
                    int t = parseThread(a);
                    return t >= 0 && t < target.threadCount() ? "OK" : "E01";
                }
                case 'Z', 'z' -> {
                    String[] f = a.split("[,;]");
                    int type = Integer.parseInt(f[0]);
                    long addr = Long.parseUnsignedLong(f[1], 16);
                    long len = Long.parseUnsignedLong(f[2], 16);
                    if (type < 0 || type > 4) {
                        return "";
                    }
                    if (type >= GdbTarget.WATCH_WRITE && (len == 0 || len > 0x1_0000_0000L)) {
                        return "E22";
                    }
                    return (cmd == 'Z' ? insert(type, addr, len) : remove(type, addr, len)) ? "OK" : "";
                }
                case 'D' -> {
                    removeAllPoints();
                    waitingForStop = false;
                    sendPacket("OK");
                    target.resume(-1);
                    return null;
                }
                case 'k' -> {
                    awaitClientClose();
                    target.kill();
                    return KILLED;
                }
                case 'q' -> {
                    return query(p);
                }
                case 'Q' -> {
                    return p.equals("QStartNoAckMode") ? "OK" : "";
                }
                case 'v' -> {
                    return vPacket(p);
                }
                default -> {
                    return "";
                }
            }
        }

        private String query(String p) {
            if (p.startsWith("qSupported")) {
                return "PacketSize=" + Integer.toHexString(PACKET_SIZE)
                        + ";qXfer:features:read+;QStartNoAckMode+;vContSupported+;swbreak+;hwbreak+";
            }
            if (p.startsWith("qXfer:features:read:")) {
                String[] f = p.substring("qXfer:features:read:".length()).split(":");
                if (f.length != 2) {
                    return "E01";
                }
                if (!f[0].equals("target.xml")) {
                    return "E00";
                }
                String[] ol = f[1].split(",");
                int off = Integer.parseInt(ol[0], 16);
                int len = Integer.parseInt(ol[1], 16);
                String xml = target.targetXml();
                if (off > xml.length()) {
                    return "E01";
                }
                int end = (int) Math.min(xml.length(), (long) off + Math.min(len, PACKET_SIZE / 2));
                return (end == xml.length() ? "l" : "m") + xml.substring(off, end);
            }
            switch (p) {
                case "qfThreadInfo" -> {
                    StringBuilder sb = new StringBuilder("m");
                    for (int i = 0; i < target.threadCount(); i++) {
                        sb.append(i == 0 ? "" : ",").append(Integer.toHexString(i + 1));
                    }
                    return sb.toString();
                }
                case "qsThreadInfo" -> {
                    return "l";
                }
                case "qC" -> {
                    return "QC" + Integer.toHexString(gThread + 1);
                }
                case "qAttached" -> {
                    return "1";
                }
                default -> {
                }
            }
            if (p.startsWith("qAttached:")) {
                return "1";
            }
            if (p.startsWith("qThreadExtraInfo,")) {
                int t = parseThread(p.substring("qThreadExtraInfo,".length()));
                if (t < 0 || t >= target.threadCount()) {
                    return "E01";
                }
                return hex(("CPU#" + t + (target.isStopped() ? " [paused]" : " [running]"))
                        .getBytes(StandardCharsets.US_ASCII));
            }
            if (p.startsWith("qRcmd,")) {
                String cmd = new String(unhex(p.substring(6)), StandardCharsets.UTF_8);
                String output = target.monitorCommand(cmd);
                if (!output.isEmpty()) {
                    byte[] bytes = (output.endsWith("\n") ? output : output + "\n").getBytes(StandardCharsets.UTF_8);
                    for (int off = 0; off < bytes.length; off += 1024) {
                        byte[] chunk = java.util.Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + 1024));
                        sendPacket("O" + hex(chunk));
                    }
                }
                return "OK";
            }
            return "";
        }

        private String vPacket(String p) {
            if (p.equals("vCont?")) {
                return "vCont;c;C;s;S;t";
            }
            if (p.startsWith("vKill")) {
                sendPacket("OK");
                awaitClientClose();
                target.kill();
                return KILLED;
            }
            if (p.startsWith("vCont;")) {
                int step = -2;
                boolean cont = false;
                boolean stop = false;
                for (String action : p.substring(6).split(";")) {
                    if (action.isEmpty()) {
                        return "E01";
                    }
                    int colon = action.indexOf(':');
                    String op = colon < 0 ? action : action.substring(0, colon);
                    int t = colon < 0 ? -1 : parseThread(action.substring(colon + 1));
                    if (t < -1 || t >= target.threadCount()) {
                        return "E01";
                    }
                    switch (op.charAt(0)) {
                        case 's', 'S' -> {
                            if (step == -2) {
                                step = t < 0 ? gThread : t;
                            }
                        }
                        case 'c', 'C' -> cont = true;
                        case 't' -> stop = true;
                        default -> {
                            return "E01";
                        }
                    }
                    if (op.length() > 1) {
                        Integer.parseInt(op.substring(1), 16); // signal number: ignored
                    }
                }
                if (step >= 0) {
                    resume(step);
                    return null;
                }
                if (cont) {
                    resume(-1);
                    return null;
                }
                if (stop) {
                    if (!target.isStopped()) {
                        waitingForStop = true;
                        target.interrupt();
                        return null;
                    }
                    return "OK";
                }
                return "E01";
            }
            return "";
        }

        private void resume(int stepThread) {
            waitingForStop = true;
            queue.removeIf(o -> o instanceof GdbTarget.StopEvent);
            target.resume(stepThread);
        }

        private boolean insert(int type, long addr, long len) {
            List<Long> key = List.of((long) type, addr, len);
            Integer n = points.get(key);
            if (n != null) {
                points.put(key, n + 1);
                return true;
            }
            if (!target.insertPoint(type, addr, len)) {
                return false;
            }
            points.put(key, 1);
            return true;
        }

        private boolean remove(int type, long addr, long len) {
            List<Long> key = List.of((long) type, addr, len);
            Integer n = points.get(key);
            if (n == null) {
                return type >= 0 && type <= 4; // not inserted: nothing to do
            }
            if (n > 1) {
                points.put(key, n - 1);
                return true;
            }
            points.remove(key);
            return target.removePoint(type, addr, len);
        }

        private void removeAllPoints() {
            for (List<Long> key : new ArrayList<>(points.keySet())) {
                try {
                    target.removePoint(key.get(0).intValue(), key.get(1), key.get(2));
                } catch (RuntimeException e) {
                    LOG.debug("removing a gdb breakpoint failed: {}", e.toString());
                }
            }
            points.clear();
        }

        private String stopReply(GdbTarget.StopEvent e) {
            String thread = "thread:" + Integer.toHexString(e.thread() + 1) + ";";
            return switch (e.kind()) {
                case EXITED -> String.format("W%02x", e.exitCode() & 0xff);
                case INTERRUPT -> "T02" + thread;
                case STEP -> "T05" + thread;
                case BREAKPOINT -> "T05" + thread + (hwOnly(e.pc()) ? "hwbreak:;" : "swbreak:;");
                case WATCHPOINT -> "T05" + thread + switch (watchType(e.address(), e.watchType())) {
                    case GdbTarget.WATCH_READ -> "rwatch:";
                    case GdbTarget.WATCH_ACCESS -> "awatch:";
                    default -> "watch:";
                } + Long.toHexString(e.address()) + ";";
            };
        }

        /**
         * The type of the inserted watchpoint an access of kind {@code access} ({@code WATCH_READ} or
         * {@code WATCH_WRITE}) at {@code addr} hit: the one of the access's own kind, else an access watchpoint.
         */
        private int watchType(long addr, int access) {
            boolean any = false;
            for (List<Long> k : points.keySet()) {
                int type = k.get(0).intValue();
                if (type >= GdbTarget.WATCH_WRITE && Long.compareUnsigned(addr - k.get(1), k.get(2)) < 0) {
                    if (type == access) {
                        return type;
                    }
                    any |= type == GdbTarget.WATCH_ACCESS;
                }
            }
            return any ? GdbTarget.WATCH_ACCESS : access;
        }

        /** A breakpoint at {@code pc} was inserted with Z1 only. */
        private boolean hwOnly(long pc) {
            boolean hw = false;
            for (List<Long> k : points.keySet()) {
                if (k.get(1) == pc) {
                    if (k.get(0) == GdbTarget.SW_BREAK) {
                        return false;
                    }
                    hw |= k.get(0) == GdbTarget.HW_BREAK;
                }
            }
            return hw;
        }
    }

    // ---- encoding helpers -----------------------------------------------------------------------------

    /** Parses a thread id: hex, {@code -1} (all) or {@code 0} (any); returns the 0-based index, -1 for all/any. */
    static int parseThread(String s) {
        if (s.startsWith("p")) { // multiprocess form pPID.TID
            int dot = s.indexOf('.');
            s = dot < 0 ? "-1" : s.substring(dot + 1);
        }
        if (s.equals("-1") || s.equals("0")) {
            return -1;
        }
        long t = Long.parseLong(s, 16);
        return t > Integer.MAX_VALUE ? -2 : (int) t - 1;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }

    static byte[] unhex(String s) {
        if ((s.length() & 1) != 0) {
            throw new NumberFormatException("odd number of hex digits");
        }
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            int h = Character.digit(s.charAt(2 * i), 16);
            int l = Character.digit(s.charAt(2 * i + 1), 16);
            if (h < 0 || l < 0) {
                throw new NumberFormatException("not a hex digit in '" + abbreviate(s) + "'");
            }
            b[i] = (byte) (h << 4 | l);
        }
        return b;
    }

    /** Undoes the binary escaping of {@code X} packet data ({@code '}'} then the byte XOR 0x20). */
    static byte[] unescape(String s) {
        byte[] b = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '}') {
                if (++i >= s.length()) {
                    throw new NumberFormatException("escape at the end of binary data");
                }
                c = (char) (s.charAt(i) ^ 0x20);
            }
            b[n++] = (byte) c;
        }
        return java.util.Arrays.copyOf(b, n);
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
