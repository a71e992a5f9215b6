package org.jemu.testkit;

/**
 * Unchecked exception for a Unicorn API call that returned a {@code uc_err} other than
 * {@link UcConst#UC_ERR_OK}.
 *
 * <p>{@link #code()} is the raw {@code uc_err} value (compare it with the {@code UcConst.UC_ERR_*}
 * constants), {@link #errName()} its C enumerator name and {@link #strerror()} the text returned by
 * the library's {@code uc_strerror}. Code that expects faults (fuzzing) should prefer the
 * {@code *Raw} methods of {@link Unicorn}, which return the code instead of throwing.
 */
public final class UnicornException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String function;
    private final String strerror;

    /**
     * @param code     the {@code uc_err} value returned by the native call
     * @param function a description of the failed call, e.g. {@code "uc_mem_map(0x1000, 0x1000, 7)"}
     * @param strerror the library's {@code uc_strerror(code)} text (may be {@code null})
     */
    public UnicornException(int code, String function, String strerror) {
        super(message(code, function, strerror));
        this.code = code;
        this.function = function;
        this.strerror = strerror == null ? UcConst.errName(code) : strerror;
    }

    private static String message(int code, String function, String strerror) {
        String name = UcConst.errName(code);
        String text = strerror == null ? name
                : strerror.contains(name) ? strerror : strerror + " (" + name + ")";
        return function + " failed: " + text;
    }

    /** The raw {@code uc_err} code, one of {@code UcConst.UC_ERR_*}. */
    public int code() {
        return code;
    }

    /** The C enumerator name of {@link #code()}, e.g. {@code "UC_ERR_READ_UNMAPPED"}. */
    public String errName() {
        return UcConst.errName(code);
    }

    /** The library's {@code uc_strerror} text for {@link #code()}. */
    public String strerror() {
        return strerror;
    }

    /** The failed call, with its arguments, e.g. {@code "uc_mem_map(0x1000, 0x1000, 7)"}. */
    public String function() {
        return function;
    }
}
