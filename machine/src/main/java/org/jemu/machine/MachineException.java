package org.jemu.machine;

/**
 * A problem with the machine's configuration or its images that the user must fix (unknown board or CPU,
 * too much memory, a missing, empty or truncated firmware file). The message is one line that says what
 * is wrong and what to do; the command line prints it without a stack trace.
 */
public class MachineException extends RuntimeException {
    public MachineException(String message) {
        super(message);
    }

    public MachineException(String message, Throwable cause) {
        super(message, cause);
    }
}
