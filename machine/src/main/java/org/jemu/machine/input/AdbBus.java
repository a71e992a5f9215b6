package org.jemu.machine.input;

import java.util.ArrayList;
import java.util.List;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;

/**
 * The Apple Desktop Bus as QEMU's {@code hw/input/adb.c} models it: a list of devices addressed by the high
 * nibble of a command byte (Apple "Guide to the Macintosh Family Hardware", chapter 8, "ADB commands"):
 * low nibble 0x0 SendReset (every device resets), 0x1 Flush, 0x8-0xB Listen register 0-3, 0xC-0xF Talk
 * register 0-3.
 *
 * <p>{@link #request} returns the reply length (1-8 bytes written to {@code out}), 0 for a request with no
 * data in reply, or {@link #RET_NOTPRESENT} when no device has the address; the bus controller (CUDA) turns
 * that into its error packet.
 */
public final class AdbBus {
    /** "No device at this address" (QEMU's ADB_RET_NOTPRESENT). */
    public static final int RET_NOTPRESENT = -2;
    public static final int BUSRESET = 0x00;
    public static final int FLUSH = 0x01;
    public static final int WRITEREG = 0x08;
    public static final int READREG = 0x0c;
    /** Listen register 3 command codes (the second data byte). */
    public static final int CMD_SELF_TEST = 0xff;
    public static final int CMD_CHANGE_ID = 0xfe;
    public static final int CMD_CHANGE_ID_AND_ACT = 0xfd;
    public static final int CMD_CHANGE_ID_AND_ENABLE = 0x00;
    /** Default addresses. */
    public static final int DEVID_KEYBOARD = 2;
    public static final int DEVID_MOUSE = 3;

    /** One ADB device: its current address and handler ID, and its register protocol. */
    public abstract static class AdbDevice extends Device {
        protected int devaddr;
        protected int handler;

        protected AdbDevice(String name) {
            super(name);
        }

        /** The device's current bus address (0-15). */
        public final int address() {
            return devaddr;
        }

        /** The device's handler ID (register 3 low byte). */
        public final int handlerId() {
            return handler;
        }

        /**
         * Handles the command {@code cmd[0]} (with its Listen data in {@code cmd[1..len-1]}) addressed to this
         * device, as QEMU's keyboard and mouse do: Flush, Listen register 3 (address and handler changes), Talk
         * register 3 (address, handler) and the device's own Talk registers. Returns the number of reply bytes
         * written to {@code out} (0: no data).
         */
        final int request(byte[] out, byte[] cmd, int len) {
            if ((cmd[0] & 0x0f) == FLUSH) {
                flush();
                return 0;
            }
            int reg = cmd[0] & 0x3;
            return switch (cmd[0] & 0xc) {
                case WRITEREG -> {
                    if (reg == 3) {
                        listenRegister3(cmd, len);
                    }
                    yield 0;
                }
                case READREG -> reg == 3 ? talkRegister3(out) : talk(reg, out);
                default -> 0;
            };
        }

        /** True if the device can take handler ID {@code h} (Listen register 3 with another code than the commands). */
        protected abstract boolean supportsHandler(int h);

        /** Talk register {@code reg} (0-2): bytes written to {@code out}, 0 for no data. */
        protected int talk(int reg, byte[] out) {
            return 0;
        }

        /** Flush: drops queued events. */
        protected void flush() {
        }

        /**
         * Listen register 3 as QEMU's keyboard and mouse share it: the change-address commands move the device;
         * another code also moves it and selects that handler when {@link #supportsHandler} accepts it.
         */
        private void listenRegister3(byte[] cmd, int len) {
            if (len < 3) {
                return;
            }
            int code = cmd[2] & 0xff;
            switch (code) {
                case CMD_SELF_TEST -> {
                }
                case CMD_CHANGE_ID, CMD_CHANGE_ID_AND_ACT, CMD_CHANGE_ID_AND_ENABLE -> devaddr = cmd[1] & 0xf;
                default -> {
                    devaddr = cmd[1] & 0xf;
                    if (supportsHandler(code)) {
                        handler = code;
                    }
                }
            }
        }

        /** Talk register 3: address, handler ID (QEMU's byte order). */
        private int talkRegister3(byte[] out) {
            out[0] = (byte) devaddr;
            out[1] = (byte) handler;
            return 2;
        }

        protected final VmState.Builder adbState(String n) {
            return VmState.builder(n, 1, 1)
                    .u8("devaddr", () -> devaddr, v -> devaddr = v & 0xf)
                    .u8("handler", () -> handler, v -> handler = v);
        }
    }

    private final List<AdbDevice> devices = new ArrayList<>();

    /** Plugs a device in. */
    public void add(AdbDevice d) {
        devices.add(d);
    }

    /** The devices in plug order. */
    public List<AdbDevice> devices() {
        return List.copyOf(devices);
    }

    /** One request from the bus controller; see the class comment for the result. */
    public int request(byte[] out, byte[] cmd, int len) {
        if (len < 1) {
            return RET_NOTPRESENT;
        }
        if ((cmd[0] & 0x0f) == BUSRESET) {
            for (AdbDevice d : devices) {
                d.reset();
            }
            return 0;
        }
        int addr = (cmd[0] & 0xff) >> 4;
        for (AdbDevice d : devices) {
            if (d.devaddr == addr) {
                return d.request(out, cmd, len);
            }
        }
        return RET_NOTPRESENT;
    }
}
