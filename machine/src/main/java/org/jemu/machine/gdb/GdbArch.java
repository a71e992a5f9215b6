package org.jemu.machine.gdb;

import org.jemu.translator.exec.GuestCpu;

/**
 * One guest architecture's side of the gdb stub: its target description, its registers in gdb's numbering
 * and its debugger view of memory. {@link MachineGdbTarget} picks the one for the machine's vCPUs. Every
 * method runs on the vCPU thread.
 */
interface GdbArch {
    /** The target description XML ({@code qXfer:features:read:target.xml}). */
    String targetXml();

    /** Number of registers in the {@code g} packet. */
    int count();

    /** Bytes of register {@code n}, or 0 if there is none. */
    int size(int n);

    /** Register {@code n} of {@code cpu}, target byte order. */
    byte[] read(GuestCpu cpu, int n);

    /** Writes register {@code n} from {@code b} at {@code off}; false if the value cannot be set (nothing changed). */
    boolean write(GuestCpu cpu, int n, byte[] b, int off);

    /**
     * True if {@link #write} would accept register {@code n} = the value in {@code b} at {@code off} in the
     * vCPU's current state, without changing anything. A {@code G} packet checks every register first, so
     * a refused one leaves all of them as they were. Only registers that can be refused override this.
     */
    default boolean canWrite(GuestCpu cpu, int n, byte[] b, int off) {
        return size(n) != 0;
    }

    /** Physical address of guest virtual {@code vaddr} as the CPU sees it now, without side effects; -1 if unmapped. */
    long debugTranslate(GuestCpu cpu, long vaddr);

    /** Sets the PC (the {@code c ADDR} / {@code s ADDR} packets). */
    void setPc(GuestCpu cpu, long pc);

    /**
     * The start of a target description (gdb manual, "Target Description Format"): the XML declaration, the
     * DOCTYPE and {@code <target>} with {@code <architecture>architecture</architecture>}; the caller appends
     * its features and {@code </target>}.
     */
    static StringBuilder targetXmlStart(String architecture) {
        return new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n")
                .append("  <architecture>").append(architecture).append("</architecture>\n");
    }

    /** Little-endian helpers shared by the architectures. */
    static void put(byte[] b, int off, long v, int size) {
        for (int i = 0; i < size; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static long get(byte[] b, int off, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (b[off + i] & 0xffL) << (8 * i);
        }
        return v;
    }
}
