package org.jemu.machine.i2c;

import java.util.HashMap;
import java.util.Map;

/**
 * An I2C bus with 7-bit addresses (QEMU's {@code I2CBus} with {@code i2c_start_transfer}, {@code i2c_send},
 * {@code i2c_recv}, {@code i2c_end_transfer}): the controller that owns it drives transfers, the devices answer.
 * No device at an address means no ACK. Runs on the vCPU thread.
 */
public final class I2cBus {
    private final Map<Integer, I2cSlave> slaves = new HashMap<>();
    private I2cSlave current;

    /**
     * Attaches {@code slave} at 7-bit {@code address}.
     *
     * @throws IllegalArgumentException for an address out of 0..0x7F or already taken
     */
    public void attach(int address, I2cSlave slave) {
        if (address < 0 || address > 0x7F || slaves.containsKey(address)) {
            throw new IllegalArgumentException("I2C address 0x" + Integer.toHexString(address) + " invalid or taken");
        }
        slaves.put(address, slave);
    }

    /**
     * START + address byte: begins a transfer to 7-bit {@code address}, reading if {@code read}.
     *
     * @return true if a device acknowledged its address
     */
    public boolean startTransfer(int address, boolean read) {
        I2cSlave s = slaves.get(address & 0x7F);
        if (s == null) {
            return false;
        }
        if (current != null && current != s) {
            current.finish();
        }
        current = s;
        s.start(read);
        return true;
    }

    /** Whether a transfer is in progress. */
    public boolean busy() {
        return current != null;
    }

    /** Sends a data byte to the addressed device; false (NACK) when none is addressed or it refuses. */
    public boolean send(int data) {
        return current != null && current.send(data & 0xFF);
    }

    /** Reads a data byte from the addressed device, or -1 when none is addressed. */
    public int recv() {
        return current == null ? -1 : current.recv() & 0xFF;
    }

    /** STOP: ends the transfer in progress, if any. */
    public void endTransfer() {
        if (current != null) {
            current.finish();
            current = null;
        }
    }
}
