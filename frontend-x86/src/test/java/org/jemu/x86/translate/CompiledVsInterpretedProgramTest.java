package org.jemu.x86.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.x86.cpu.X86Cpu;
import org.junit.jupiter.api.Test;

/**
 * A nasm-assembled flat 32-bit program (sorting, CRC-32, recursion, string instructions, 16-bit and 8-bit
 * operand forms, flags through PUSHF/SETcc/ADC) run through {@link org.jemu.translator.exec.ExecLoop} twice:
 * interpreted, and with every block compiled by the bytecode backend before its first execution
 * (threshold 0). Both must end in the same state, and at the results the program computes.
 */
class CompiledVsInterpretedProgramTest {

    static final String PROGRAM = """
            start:
                mov esp, 0x80000
                ; --- bubble sort of 64 dwords at data (values from an LCG) ---
                mov edi, data
                mov ecx, 64
                mov eax, 12345
            fill:
                imul eax, eax, 1103515245
                add eax, 12345
                mov [edi], eax
                add edi, 4
                loop fill
                mov edx, 63
            outer:
                mov esi, data
                mov ecx, edx
            inner:
                mov eax, [esi]
                mov ebx, [esi+4]
                cmp eax, ebx
                jbe noswap
                mov [esi], ebx
                mov [esi+4], eax
            noswap:
                add esi, 4
                dec ecx
                jnz inner
                dec edx
                jnz outer
                ; --- CRC-32 (reflected, poly EDB88320) over the sorted bytes ---
                mov esi, data
                mov ecx, 256
                mov eax, 0xFFFFFFFF
            crc_byte:
                xor al, [esi]
                inc esi
                mov bl, 8
            crc_bit:
                shr eax, 1
                jnc crc_nox
                xor eax, 0xEDB88320
            crc_nox:
                dec bl
                jnz crc_bit
                loop crc_byte
                not eax
                mov [result], eax
                ; --- recursive Fibonacci(15) ---
                push 15
                call fib
                add esp, 4
                mov [result+4], eax
                ; --- string instructions ---
                cld
                mov esi, data
                mov edi, copy
                mov ecx, 64
                rep movsd
                mov esi, data
                mov edi, copy
                mov ecx, 64
                repe cmpsd
                setz [result+8]
                mov edi, copy
                mov al, 0x5A
                mov ecx, 13
                rep stosb
                std
                lea esi, [copy+12]
                lodsb
                cld
                mov [result+9], al
                ; --- 16-bit and 8-bit forms, flags ---
                mov ax, 0xFFFF
                add ax, 1
                adc word [result+10], 0x1234
                mov bx, 0x8000
                sar bx, 3
                rol bh, 4
                mov [result+12], bx
                xchg ah, bl
                bswap eax
                mov [result+16], eax
                mov eax, 7
                mov edx, 0
                mov ecx, 3
                div ecx
                shl edx, 16
                or eax, edx
                mov [result+20], eax
                stc
                pushfd
                pop eax
                and eax, 0x8D5
                mov [result+24], eax
                mov eax, 0x12345678
                shld eax, ecx, 12
                shrd [result+28], eax, 4
                bsr ecx, eax
                bsf edx, eax
                cmp ecx, edx
                setg byte [result+32]
                cmovl eax, ecx
                mov [result+36], eax
                hlt

            fib:                      ; fib(n) = n < 2 ? n : fib(n-1) + fib(n-2)
                push ebp
                mov ebp, esp
                push ebx
                mov eax, [ebp+8]
                cmp eax, 2
                jl fib_done
                dec eax
                push eax
                call fib
                mov ebx, eax
                mov eax, [ebp+8]
                sub eax, 2
                push eax
                call fib
                add esp, 8
                add eax, ebx
            fib_done:
                pop ebx
                leave
                ret

            align 16
            result: times 64 db 0
            data:   times 256 db 0
            copy:   times 256 db 0
            """;

    @Test
    void compiledAndInterpretedAgree() throws Exception {
        X86Harness.requireNasm();
        byte[] code = X86Harness.nasm(PROGRAM, 32, 0x1000);
        long[][] regs = new long[2][];
        byte[][] mem = new byte[2][];
        int[] flags = new int[2];
        for (X86Harness.Tier tier : X86Harness.Tier.values()) {
            try (X86Harness h = new X86Harness(tier)) {
                h.flat32(code, 0x1000);
                h.run(10_000_000);
                assertTrue(h.cpu.halted, tier + ": reached HLT");
                assertTrue(h.exceptions.isEmpty(), tier + ": no exception " + h.exceptions);
                int t = tier.ordinal();
                regs[t] = java.util.Arrays.copyOf(h.cpu.regs, X86Cpu.PC + 1);
                flags[t] = h.cpu.eflags();
                mem[t] = h.mem.readBytes(0x1000, code.length);
                if (tier == X86Harness.Tier.COMPILED) {
                    assertTrue(h.loop.stats().blocksCompiled > 0, "blocks were compiled");
                    assertEquals(0, h.loop.stats().compileFailures);
                }
            }
        }
        assertArrayEquals(regs[0], regs[1], "registers");
        assertEquals(flags[0], flags[1], "EFLAGS");
        assertArrayEquals(mem[0], mem[1], "memory");
        // the program's results (checked against values computed here)
        int resultOff = indexOf(code, "result");
        java.nio.ByteBuffer r = java.nio.ByteBuffer.wrap(mem[0], resultOff, 64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long[] values = new long[64];
        int x = 12345;
        for (int i = 0; i < 64; i++) {
            x = x * 1103515245 + 12345;
            values[i] = x & 0xFFFF_FFFFL;
        }
        java.util.Arrays.sort(values);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (long v : values) {
            crc.update(new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)});
        }
        assertEquals((int) crc.getValue(), r.getInt(resultOff), "CRC-32 of the sorted array");
        assertEquals(610, r.getInt(resultOff + 4), "fib(15)");
        assertEquals(1, r.get(resultOff + 8), "REPE CMPSD found the copy equal");
        assertEquals(0x5A, r.get(resultOff + 9) & 0xFF, "LODSB with DF = 1 read the STOSB fill");
        assertEquals(0x1235, r.getShort(resultOff + 10) & 0xFFFF, "ADC took the carry of FFFF + 1");
        assertEquals((1 << 16) | 2, r.getInt(resultOff + 20), "7 / 3: quotient 2, remainder 1");
    }

    /** Offset in {@code code} of the 64-byte result area (the first 16-aligned run of 64 zero bytes after the code). */
    private static int indexOf(byte[] code, String label) {
        for (int i = 0; i + 64 <= code.length; i += 16) {
            boolean zero = true;
            for (int k = 0; k < 64 + 256 + 256 && i + k < code.length; k++) {
                zero &= code[i + k] == 0;
            }
            if (zero) {
                return i;
            }
        }
        throw new IllegalStateException(label + " not found");
    }
}
