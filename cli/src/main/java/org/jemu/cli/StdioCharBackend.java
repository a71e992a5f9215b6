package org.jemu.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jemu.machine.chardev.CharBackend;
import org.jemu.machine.monitor.Monitor;

/**
 * The serial console on the terminal ({@code -serial stdio}, {@code -nographic}), multiplexed with the
 * monitor as QEMU's {@code mon:stdio}: guest output goes to standard output, keys go to the guest, and
 * Ctrl-A starts an escape: {@code x} quits, {@code c} switches between the console and the monitor,
 * {@code b} sends a break, {@code h} prints help, {@code a} sends a literal Ctrl-A. Standard input is read
 * on a daemon thread; with a terminal it is in raw mode ({@link TerminalMode}).
 */
public final class StdioCharBackend extends CharBackend {
    private static final int CTRL_A = 0x01;
    private final OutputStream out;
    private final PrintStream text;
    private volatile Runnable quit;
    private Monitor monitor;
    private boolean escape;
    private volatile boolean inMonitor;
    private final StringBuilder line = new StringBuilder();
    private Thread reader;

    /**
     * @param out  where guest output goes (standard output, buffered; the machine flushes it between quanta)
     * @param quit run when the user presses Ctrl-A X or standard input ends while in the monitor
     */
    public StdioCharBackend(OutputStream out, Runnable quit) {
        this.out = out;
        this.text = new PrintStream(out, true, StandardCharsets.UTF_8);
        this.quit = quit;
    }

    /** What Ctrl-A X does. */
    public void setQuitAction(Runnable r) {
        this.quit = r;
    }

    /** The monitor Ctrl-A C switches to (null: no monitor). */
    public void setMonitor(Monitor m) {
        this.monitor = m;
    }

    /** Starts reading {@code in} on a daemon thread. */
    public void start(InputStream in) {
        reader = new Thread(() -> readLoop(in), "stdio-serial");
        reader.setDaemon(true);
        reader.start();
    }

    /** Switches the terminal to the monitor (as Ctrl-A C does). */
    public void enterMonitor() {
        inMonitor = true;
        prompt();
    }

    private void readLoop(InputStream in) {
        byte[] buf = new byte[256];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    key(buf[i] & 0xff);
                }
            }
        } catch (IOException e) {
            // standard input closed: nothing more to deliver
        }
    }

    private synchronized void key(int b) {
        if (escape) {
            escape = false;
            switch (Character.toLowerCase(b)) {
                case 'x' -> {
                    text.print("\r\nQEMU: Terminated\r\n".replace("QEMU", "jemu"));
                    quit.run();
                }
                case 'c' -> {
                    if (monitor == null) {
                        return;
                    }
                    inMonitor = !inMonitor;
                    if (inMonitor) {
                        text.print("\r\n");
                        prompt();
                    } else {
                        text.print("\r\n");
                    }
                }
                case 'b' -> hostBreak();
                case 'h' -> text.print("\r\nC-a h    print this help\r\nC-a x    exit emulator\r\n"
                        + "C-a c    switch between console and monitor\r\nC-a b    send break\r\n"
                        + "C-a C-a  sends C-a\r\n");
                case CTRL_A, 'a' -> deliver(CTRL_A);
                default -> {
                }
            }
            return;
        }
        if (b == CTRL_A) {
            escape = true;
            return;
        }
        deliver(b);
    }

    private void deliver(int b) {
        if (!inMonitor) {
            hostInput(b);
            return;
        }
        if (b == '\r' || b == '\n') {
            text.print("\r\n");
            String cmd = line.toString();
            line.setLength(0);
            String result = monitor.execute(cmd);
            if (!result.isEmpty()) {
                text.print(result.replace("\n", "\r\n") + "\r\n");
            }
            prompt();
        } else if (b == 0x7f || b == 0x08) {
            if (line.length() > 0) {
                line.setLength(line.length() - 1);
                text.print("\b \b");
            }
        } else if (b >= 0x20 && b < 0x7f) {
            line.append((char) b);
            text.print((char) b);
        }
    }

    private void prompt() {
        text.print("(jemu) ");
        text.flush();
    }

    /** Buffers one byte of guest output; lines are flushed at once, partial lines by {@link #flush}. */
    @Override
    public void write(int b) {
        try {
            out.write(b);
            if (b == '\n') {
                out.flush();
            }
        } catch (IOException e) {
            // the terminal went away; guest output is dropped
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            // ignore
        }
    }
}
