package org.jemu.machine.input;

import org.jemu.machine.device.VmState;

/**
 * An Apple ADB keyboard as QEMU's {@code hw/input/adb-kbd.c}: default address 2, handler 1 (Apple Standard
 * Keyboard); Listen register 3 changes the address and selects handler 1, 2 or 3; Talk register 0 returns the
 * next key event (none: jemu has no host keyboard for this board yet, so it answers with no data), register 2
 * the LED status {@code 00 07}, register 3 address and handler; Flush empties the key queue.
 */
public final class AdbKeyboard extends AdbBus.AdbDevice {
    private final VmState vmState;

    public AdbKeyboard(String name) {
        super(name);
        vmState = adbState("adb_kbd").build();
        reset();
    }

    @Override
    public void reset() {
        devaddr = AdbBus.DEVID_KEYBOARD;
        handler = 1;
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    @Override
    protected boolean supportsHandler(int h) {
        return h == 1 || h == 2 || h == 3;
    }

    @Override
    protected int talk(int reg, byte[] out) {
        if (reg == 2) {
            out[0] = 0x00;
            out[1] = 0x07;
            return 2;
        }
        return 0;
    }
}
