package org.jemu.x86.cpu;

import org.jemu.translator.exec.GuestCpu;

/**
 * 32-bit paging (SDM Vol. 3A 4.3 "32-Bit Paging"), plugged into the soft-MMU through
 * {@link X86Cpu#translate}: the soft-MMU asks for a translation on a TLB miss and caches the result per MMU
 * index (supervisor: CPL 0..2, user: CPL 3), so this walk runs once per page and privilege until the TLB is
 * flushed (MOV to CR0/CR3/CR4, INVLPG, task switches that load CR3).
 *
 * <ul>
 *   <li>CR3 bits 31:12 locate the page directory; PDE = directory[linear 31:22], with CR4.PSE and PDE.PS a
 *       4 MiB page (Table 4-4: bits 31:22 are the frame, bits 21:13 reserved here, MAXPHYADDR being 32 with no
 *       PSE-36), otherwise PTE = table[linear 21:12] (Tables 4-5, 4-6).</li>
 *   <li>Access rights (4.6): a user-mode access (CPL 3) needs U/S = 1 in the PDE and the PTE; a user write
 *       needs R/W = 1 in both; a supervisor write needs R/W = 1 in both only when CR0.WP = 1; reads and
 *       instruction fetches need no more (no NX in 32-bit paging). Implicit supervisor accesses (descriptor
 *       tables, TSS, the inner stack of a privilege change) use the supervisor index.</li>
 *   <li>Accessed and dirty flags (4.8): the walk sets A in the PDE once it reads the PTE (or in the 4 MiB
 *       PDE) and in the PTE when the access is allowed; a write sets D in the entry that maps the page.
 *       Write permission is handed to the TLB only when D is already set or the access is the write that
 *       sets it, so the first write to a clean page always comes back here.</li>
 *   <li>A violation raises #PF (6.15, Figure 4-12) with CR2 = the linear address (loaded on delivery) and
 *       the error code P (0: not present, 1: protection or reserved bit), W/R, U/S (CPL 3), RSVD.</li>
 *   <li>CR4.PGE and the G flag (4.10.2.4) are accepted; a CR3 load flushes global translations too (as a
 *       processor may at any time), which is slower but never wrong.</li>
 * </ul>
 */
public final class Paging {
    private Paging() {
    }

    /** Page-table entry bits (Vol. 3A Tables 4-4 to 4-6). */
    public static final int PG_P = 1, PG_RW = 2, PG_US = 4, PG_A = 0x20, PG_D = 0x40, PG_PS = 0x80, PG_G = 0x100;
    /** #PF error code bits (Vol. 3A Figure 4-12). */
    public static final int PF_P = 1, PF_W = 2, PF_U = 4, PF_RSVD = 8;
    /** Reserved bits of a 4 MiB PDE with MAXPHYADDR = 32 (Table 4-4: bits 21:13). */
    static final int PDE4M_RESERVED = 0x003F_E000;

    /**
     * Translates 32-bit linear {@code vaddr} for {@code access} ({@link GuestCpu#ACCESS_READ}, WRITE, EXEC)
     * under {@code mmuIdx}.
     *
     * @return the physical 4 KiB page, OR-ed with the PROT_* rights the TLB may cache for this MMU index
     *         (PROT_LARGE for a 4 MiB page, so INVLPG flushes more)
     * @throws X86Fault #PF when the access is not allowed
     */
    public static long translate(X86Cpu cpu, long vaddr, int access, int mmuIdx) {
        long lin = vaddr & 0xFFFF_FFFFL;
        boolean user = mmuIdx == X86Cpu.MMU_IDX_USER;
        boolean write = access == GuestCpu.ACCESS_WRITE;
        int errBase = (write ? PF_W : 0) | (user ? PF_U : 0);
        var mem = cpu.memory;
        long pdeAddr = (cpu.cr3 & 0xFFFF_F000L) | ((lin >>> 22) << 2);
        int pde = (int) mem.read(pdeAddr, 4, false);
        if ((pde & PG_P) == 0) {
            throw cpu.pageFault(lin, errBase);
        }
        boolean large = (pde & PG_PS) != 0 && (cpu.cr4 & X86Cpu.CR4_PSE) != 0;
        if (large) {
            if ((pde & PDE4M_RESERVED) != 0) {
                throw cpu.pageFault(lin, errBase | PF_P | PF_RSVD);
            }
            int rights = rights(cpu, pde, pde, user, write);
            if (rights < 0) {
                throw cpu.pageFault(lin, errBase | PF_P);
            }
            int upd = pde | PG_A | (write ? PG_D : 0);
            if (upd != pde) {
                mem.write(pdeAddr, 4, false, upd & 0xFFFF_FFFFL);
            }
            if ((upd & PG_D) == 0) {
                rights &= ~GuestCpu.PROT_WRITE;
            }
            long phys = (pde & 0xFFC0_0000L) | (lin & 0x003F_F000L);
            return phys | rights | GuestCpu.PROT_LARGE;
        }
        if ((pde & PG_A) == 0) {
            pde |= PG_A;
            mem.write(pdeAddr, 4, false, pde & 0xFFFF_FFFFL);
        }
        long pteAddr = (pde & 0xFFFF_F000L) | (((lin >>> 12) & 0x3FF) << 2);
        int pte = (int) mem.read(pteAddr, 4, false);
        if ((pte & PG_P) == 0) {
            throw cpu.pageFault(lin, errBase);
        }
        int rights = rights(cpu, pde, pte, user, write);
        if (rights < 0) {
            throw cpu.pageFault(lin, errBase | PF_P);
        }
        int upd = pte | PG_A | (write ? PG_D : 0);
        if (upd != pte) {
            mem.write(pteAddr, 4, false, upd & 0xFFFF_FFFFL);
        }
        if ((upd & PG_D) == 0) {
            rights &= ~GuestCpu.PROT_WRITE;
        }
        return (pte & 0xFFFF_F000L) | rights;
    }

    /**
     * Translates 32-bit linear {@code vaddr} for a debugger: the physical address, or -1 if the page is not
     * present (or a 4 MiB PDE has reserved bits set). No side effects: the accessed and dirty flags stay as
     * they are, no #PF is raised, and the access rights are not checked (a debugger sees what the page
     * tables map, as the supervisor would).
     */
    public static long debugTranslate(X86Cpu cpu, long vaddr) {
        long lin = vaddr & 0xFFFF_FFFFL;
        var mem = cpu.memory;
        int pde = (int) mem.read((cpu.cr3 & 0xFFFF_F000L) | ((lin >>> 22) << 2), 4, false);
        if ((pde & PG_P) == 0) {
            return -1;
        }
        if ((pde & PG_PS) != 0 && (cpu.cr4 & X86Cpu.CR4_PSE) != 0) {
            return (pde & PDE4M_RESERVED) != 0 ? -1 : (pde & 0xFFC0_0000L) | (lin & 0x003F_FFFFL);
        }
        int pte = (int) mem.read((pde & 0xFFFF_F000L) | (((lin >>> 12) & 0x3FF) << 2), 4, false);
        if ((pte & PG_P) == 0) {
            return -1;
        }
        return (pte & 0xFFFF_F000L) | (lin & 0xFFFL);
    }

    /**
     * The PROT_* rights the combined entries give (Vol. 3A 4.6.1 "Determination of Access Rights"), or -1 if
     * the access ({@code user}, {@code write}) is not allowed.
     */
    private static int rights(X86Cpu cpu, int pde, int pte, boolean user, boolean write) {
        boolean us = (pde & pte & PG_US) != 0;
        boolean rw = (pde & pte & PG_RW) != 0;
        if (user && !us) {
            return -1;
        }
        boolean canWrite = user ? rw : rw || (cpu.cr0 & X86Cpu.CR0_WP) == 0;
        if (write && !canWrite) {
            return -1;
        }
        return GuestCpu.PROT_READ | GuestCpu.PROT_EXEC | (canWrite ? GuestCpu.PROT_WRITE : 0);
    }
}
