package org.jemu.machine.input;

import org.jemu.machine.device.VmState;

/**
 * An Apple ADB mouse as QEMU's {@code hw/input/adb-mouse.c}: default address 3, handler 2 (Classic Apple Mouse
 * Protocol, 200 cpi); Listen register 3 changes the address and selects handler 1 or 2; Talk register 0
 * returns motion (none: no host mouse for this board yet, so no data), register 3 address and handler.
 */
public final class AdbMouse extends AdbBus.AdbDevice {
    private final VmState vmState;

    public AdbMouse(String name) {
        super(name);
        vmState = adbState("adb_mouse").build();
        reset();
    }

    @Override
    public void reset() {
        devaddr = AdbBus.DEVID_MOUSE;
        handler = 2;
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    @Override
    protected boolean supportsHandler(int h) {
        return h == 1 || h == 2;
    }
}
