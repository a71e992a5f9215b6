package org.jemu.cli;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;

/**
 * Puts the controlling terminal into raw mode for an interactive serial console, as QEMU's stdio
 * character device does (no line buffering, no echo, no signals from Ctrl-C; output post-processing kept),
 * and restores the saved settings on {@link #restore()}, on every exit path (a shutdown hook covers
 * signals and {@code System.exit}). Uses {@code stty} on the terminal behind standard input; does nothing
 * when standard input is not a terminal.
 */
public final class TerminalMode {
    private final String saved;
    private boolean restored;

    private TerminalMode(String saved) {
        this.saved = saved;
    }

    /** True if standard input is an interactive terminal. */
    public static boolean stdinIsTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** Enters raw mode if standard input is a terminal; returns null otherwise or if stty fails. */
    public static TerminalMode enterRaw() {
        if (!stdinIsTerminal()) {
            return null;
        }
        try {
            String saved = stty("-g").trim();
            if (saved.isEmpty()) {
                return null;
            }
            stty("raw", "-echo", "opost");
            TerminalMode m = new TerminalMode(saved);
            Runtime.getRuntime().addShutdownHook(new Thread(m::restore, "terminal-restore"));
            return m;
        } catch (IOException e) {
            return null;
        }
    }

    /** Restores the terminal settings saved on entry (idempotent). */
    public synchronized void restore() {
        if (restored) {
            return;
        }
        restored = true;
        try {
            stty(saved);
        } catch (IOException e) {
            System.err.println("jemu: could not restore the terminal (run 'stty sane'): " + e.getMessage());
        }
    }

    private static String stty(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectInput(Redirect.INHERIT).redirectError(Redirect.INHERIT).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
