package org.jemu.machine.virtio;

import java.lang.invoke.MethodHandles;
import org.jemu.machine.device.VmState;

/**
 * virtio-rng, the entropy device (VIRTIO 1.2 section 5.4), as QEMU's {@code hw/virtio/virtio-rng.c}.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>Device ID 4, one request queue; no device-specific features and no configuration space.</li>
 * <li>Each available chain's device-writable buffers are filled completely; device-readable buffers are
 * ignored.</li>
 * </ul>
 *
 * <h2>Determinism</h2>
 * The bytes come from SplitMix64 (the generator behind {@link java.util.SplittableRandom}), whose whole state
 * is one 64-bit counter saved in the device state. By default the seed is the fixed {@link #DEFAULT_SEED}, so
 * the same guest sees the same "random" bytes on every run, which replay and reproducible tests need; this is
 * not a source of real entropy. A board that follows the host clock may pass a host-random seed instead.
 * The generator is not reset by a device or board reset (the stream continues).
 */
public final class VirtioRng extends VirtioDevice {
    /** "jemu rng" in ASCII. */
    public static final long DEFAULT_SEED = 0x6a656d7520726e67L;
    public static final int QUEUE_SIZE = 256;
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final VmState vmState;
    private long state;

    public VirtioRng(String name, long seed) {
        super(name);
        this.state = seed;
        this.vmState = VmState.builder("virtio-rng", 1, 1, MethodHandles.lookup(), this).u64("state").build();
    }

    public VirtioRng(String name) {
        this(name, DEFAULT_SEED);
    }

    @Override
    public int deviceId() {
        return ID_ENTROPY;
    }

    @Override
    public long features() {
        return F_VERSION_1 | F_INDIRECT_DESC;
    }

    @Override
    public int numQueues() {
        return 1;
    }

    @Override
    public int queueMaxSize() {
        return QUEUE_SIZE;
    }

    @Override
    public byte[] config() {
        return new byte[0];
    }

    @Override
    public void reset() {
        // the generator's stream continues across resets
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    /** SplitMix64's next value. */
    private long next() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public void handleQueue(VirtQueue q) throws VirtioException {
        VirtqElement e;
        byte[] buf = new byte[4096];
        while ((e = q.pop()) != null) {
            long len = e.inLength();
            for (long done = 0; done < len; ) {
                int n = (int) Math.min(buf.length, len - done);
                for (int i = 0; i < n; i += 8) {
                    long v = next();
                    for (int k = 0; k < 8 && i + k < n; k++) {
                        buf[i + k] = (byte) (v >>> (8 * k));
                    }
                }
                e.writeIn(done, buf, 0, n);
                done += n;
            }
            q.push(e, len);
        }
    }
}
