package org.jemu.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jemu} command: {@code jemu run ...} starts a machine with qemu-system's option spelling.
 * With no subcommand, {@code jemu} behaves as {@code jemu run} (the bundled demo ROM on the virt board).
 */
@Command(name = "jemu", mixinStandardHelpOptions = true, version = "jemu 0.1.0",
        description = "Cross-architecture full-system emulator for the JVM.",
        subcommands = {RunCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        // Handled in main(): no subcommand means "run".
    }

    /** Entry point; exits with the machine's exit status (0 on a clean power-off, 1 on errors). */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status (tests call this). */
    public static int execute(String... args) {
        if (args.length == 0 || (args[0].startsWith("-") && !args[0].equals("-h") && !args[0].equals("--help")
                && !args[0].equals("-V") && !args[0].equals("--version"))) {
            String[] a = new String[args.length + 1];
            a[0] = "run";
            System.arraycopy(args, 0, a, 1, args.length);
            args = a;
        }
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("jemu: " + ex.getMessage());
            System.err.println("Try 'jemu " + (a.length > 0 ? a[0] + " " : "") + "--help' for the options.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            System.err.println("jemu: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            if (Boolean.getBoolean("jemu.debug")) {
                ex.printStackTrace();
            }
            return 1;
        });
        return cl.execute(args);
    }
}
