package org.jemu.x86.cpu;

/**
 * The x86 I/O address space (SDM Vol. 1 chapter 19 "Input/Output"): 65536 8-bit ports, accessed by IN,
 * OUT, INS and OUTS as bytes, words or doublewords. The board implements it (ISA devices at their usual
 * ports, PCI configuration at 0xCF8/0xCFC); the CPU calls it on the vCPU thread after the I/O permission
 * checks (SDM Vol. 1 19.5 "Protected-mode I/O"), with the state as after the previous instruction.
 */
public interface PortIo {
    /**
     * Reads {@code size} bytes (1, 2 or 4) from port {@code port} (0..0xFFFF); a word or doubleword
     * access covers ports {@code port}..{@code port + size - 1}, little-endian.
     *
     * @return the value in the low {@code size * 8} bits
     */
    int in(int port, int size);

    /** Writes the low {@code size * 8} bits of {@code value} to port {@code port}. */
    void out(int port, int size, int value);

    /** No devices: reads return all ones (an undriven ISA bus), writes are ignored. */
    PortIo NONE = new PortIo() {
        @Override
        public int in(int port, int size) {
            return size == 4 ? -1 : (1 << (size * 8)) - 1;
        }

        @Override
        public void out(int port, int size, int value) {
        }
    };
}
