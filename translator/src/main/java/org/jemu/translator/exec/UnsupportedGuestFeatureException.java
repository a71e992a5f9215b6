package org.jemu.translator.exec;

/**
 * The guest turned on an architectural feature jemu does not implement (for example PowerPC little-endian
 * mode). Thrown by a frontend before it changes any guest state, so the machine can stop with a one-line
 * message that names the feature instead of running it wrongly; it is not a jemu bug.
 */
public final class UnsupportedGuestFeatureException extends RuntimeException {
    /** @param message what the guest asked for, with the guest PC */
    public UnsupportedGuestFeatureException(String message) {
        super(message);
    }
}
