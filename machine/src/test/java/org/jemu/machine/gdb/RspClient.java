package org.jemu.machine.gdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw GDB Remote Serial Protocol client for protocol-level tests: it checks every byte the stub sends. */
final class RspClient implements AutoCloseable {
    final Socket sock;
    private final InputStream in;
    private final OutputStream out;
    boolean noAck;

    RspClient(int port) throws IOException {
        sock = new Socket(InetAddress.getLoopbackAddress(), port);
        sock.setSoTimeout(20_000);
        in = sock.getInputStream();
        out = sock.getOutputStream();
    }

    static String frame(String payload) {
        int sum = 0;
        for (byte b : payload.getBytes(StandardCharsets.ISO_8859_1)) {
            sum += b & 0xff;
        }
        return "$" + payload + "#" + String.format("%02x", sum & 0xff);
    }

    void sendRaw(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    void sendRaw(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** Sends a packet and, in ack mode, expects the stub's '+'. */
    void send(String payload) throws IOException {
        sendRaw(frame(payload));
        if (!noAck) {
            int ack = readByte();
            if (ack != '+') {
                throw new IOException("expected '+', got " + describe(ack));
            }
        }
    }

    int readByte() throws IOException {
        return in.read();
    }

    /** Reads one packet (checking its checksum), acks it in ack mode, and returns its unescaped payload. */
    String receive() throws IOException {
        int b;
        do {
            b = in.read();
            if (b < 0) {
                throw new IOException("connection closed while waiting for a packet");
            }
            if (b != '$') {
                throw new IOException("expected '$', got " + describe(b));
            }
        } while (b != '$');
        StringBuilder sb = new StringBuilder();
        int sum = 0;
        while ((b = in.read()) != '#') {
            if (b < 0) {
                throw new IOException("connection closed inside a packet");
            }
            sum += b;
            if (b == '}') {
                int c = in.read();
                sum += c;
                sb.append((char) (c ^ 0x20));
            } else {
                sb.append((char) b);
            }
        }
        String cs = "" + (char) in.read() + (char) in.read();
        if (Integer.parseInt(cs, 16) != (sum & 0xff)) {
            throw new IOException("bad checksum from the stub: " + cs + " for " + sb);
        }
        if (!noAck) {
            sendRaw("+");
        }
        return sb.toString();
    }

    /** Sends {@code payload} and returns the reply. */
    String command(String payload) throws IOException {
        send(payload);
        return receive();
    }

    /**
     * The target description read with {@code qXfer:features:read:target.xml} in chunks of {@code chunk}
     * bytes, as gdb reads it; fails unless the last reply starts with {@code l}.
     */
    String targetXml(int chunk) throws IOException {
        StringBuilder xml = new StringBuilder();
        String part;
        do {
            part = command("qXfer:features:read:target.xml:" + Integer.toHexString(xml.length()) + ","
                    + Integer.toHexString(chunk));
            if (part.isEmpty() || (part.charAt(0) != 'm' && part.charAt(0) != 'l')) {
                throw new AssertionError("bad qXfer reply: " + part);
            }
            xml.append(part, 1, part.length());
        } while (part.startsWith("m"));
        return xml.toString();
    }

    /** True if nothing arrives within {@code millis}. */
    boolean quietFor(int millis) throws IOException {
        int old = sock.getSoTimeout();
        sock.setSoTimeout(millis);
        try {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            sock.setSoTimeout(old);
        }
    }

    private static String describe(int b) {
        return b < 0 ? "end of stream" : "'" + (char) b + "' (0x" + Integer.toHexString(b) + ")";
    }

    @Override
    public void close() throws IOException {
        sock.close();
    }
}
