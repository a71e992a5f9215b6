package org.jemu.x86.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.jemu.x86.decode.X86Insn.Fault;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential check of instruction lengths against GNU objdump ({@code objdump -D -b binary -m i386}
 * and {@code -m i8086}). Random byte sequences, biased to defined opcodes, are decoded by jemu and by
 * objdump; the first instruction's length must agree.
 *
 * <p>Documented exceptions (objdump knows later processors than the i686 modelled here, and a few
 * undocumented aliases):
 * <ul>
 *   <li>objdump decodes, jemu says #UD: undefined cells of the 0F map (SSE*, 3DNow!, SYSCALL/SYSRET,
 *       0F 0D prefetch, 0F 24/26 MOV TR, VIA PadLock 0F A6/A7, POPCNT...); the mod=11 and /5 forms of
 *       Grp7 (VMX, MONITOR/MWAIT, SWAPGS, RDTSCP, XGETBV...), Grp9 and Grp15 beyond CMPXCHG8B and
 *       FXSAVE/FXRSTOR (RDRAND, fences, ...); 8F /1../7 (AMD XOP); C6/C7 /7 (RTM XABORT/XBEGIN);
 *       C4/C5/62 with a register operand (VEX/EVEX); x87 reserved cells (undocumented FFREEP/FSTP1/FXCH4
 *       aliases, SSE3 FISTTP); LOCK on instructions that do not allow it (objdump prints "lock" anyway);
 *       MOV to/from CR1/CR5..CR7 and MOV with segment register 6/7 or to CS;</li>
 *   <li>jemu decodes, objdump says (bad): D6 SALC (undocumented, executed by every IA-32 CPU); 0F
 *       opcodes behind a 66/F2/F3 prefix that objdump looks up in the mandatory-prefix tables of later
 *       processors (e.g. F2 0F 09; the i686 ignores the prefix);</li>
 *   <li>objdump folds 9B (FWAIT) into a following FNxxx and prints a lone prefix as its own line when a
 *       group repeats; such cases are skipped.</li>
 * </ul>
 * If objdump is missing the test is skipped, or fails when the environment variable CI is "true".
 */
class ObjdumpLengthDifferentialTest {

    private static final int CASES = Integer.getInteger("jemu.x86.objdumpCases", 3000);
    private static final int BATCH = 250;
    private static final Set<String> PREFIX_WORDS = Set.of("cs", "ds", "es", "ss", "fs", "gs", "data16", "data32",
            "addr16", "addr32", "lock", "rep", "repz", "repnz", "repe", "repne", "bnd", "notrack", "xacquire",
            "xrelease", "fwait");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}-bit code")
    @ValueSource(ints = {16, 32})
    void lengthsAgreeWithObjdump(int mode) throws Exception {
        Path objdump = findObjdump();
        long seed = Long.getLong("jemu.x86.seed", System.nanoTime());
        System.out.println("objdump length differential: mode=" + mode + " seed=" + seed + " cases=" + CASES);
        Random rnd = new Random(seed);
        List<byte[]> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            cases.add(generate(rnd));
        }
        List<String[]> od = runObjdump(objdump, cases, mode);
        X86Decoder dec = new X86Decoder();
        Map<String, Integer> stats = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            byte[] b = cases.get(i);
            X86Insn j = dec.decode(b, mode);
            String[] o = od.get(i);          // {bytes, text}
            String hex = HexFormat.ofDelimiter(" ").formatHex(b);
            if (o == null) {
                failures.add("no objdump output for " + hex);
                continue;
            }
            boolean oBad = o[1].startsWith("(bad)");
            int oLen = o[0].split(" ").length;
            String first = o[1].split("\\s+")[0];
            if (j.opcode() == 0x9B || PREFIX_WORDS.contains(o[1].trim())
                    || (o[1].contains("(bad)") && !oBad)) {
                count(stats, "skipped (objdump prefix/fwait folding)");
                continue;
            }
            if (j.fault() == Fault.GP) {
                count(stats, "skipped (>15 bytes)");
                continue;
            }
            if (oBad) {
                if (j.fault() == Fault.UD) {
                    count(stats, "both undefined");
                } else if (j.mnemonic().equals("SALC")) {
                    count(stats, "exception: SALC");
                } else if (j.opcode() >= 0x0F00
                        && (j.prefixes() & (X86Insn.PFX_OPSIZE | X86Insn.PFX_REP | X86Insn.PFX_REPNE)) != 0) {
                    count(stats, "exception: 66/F2/F3 + 0F xx in objdump's mandatory-prefix tables");
                } else {
                    failures.add("objdump (bad), jemu " + j + ": " + hex);
                }
                continue;
            }
            if (j.fault() == Fault.UD) {
                String why = allowedUd(j, b, first);
                if (why != null) {
                    count(stats, "exception: " + why);
                } else {
                    failures.add("jemu #UD (" + j.faultReason() + "), objdump '" + o[1] + "' len " + oLen + ": " + hex);
                }
                continue;
            }
            if (j.length() == oLen) {
                count(stats, "lengths agree");
            } else {
                failures.add("length jemu " + j.length() + " objdump " + oLen + " (" + o[1] + ") jemu " + j + ": " + hex);
            }
        }
        System.out.println("  " + stats);
        if (!failures.isEmpty()) {
            fail(failures.size() + " mismatches (seed " + seed + "), first:\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(25, failures.size()))));
        }
        assertTrue(stats.getOrDefault("lengths agree", 0) > CASES / 2, "too few comparable cases: " + stats);
    }

    /** Why an objdump-accepted encoding is #UD on the i686, or null if it should not be. */
    private static String allowedUd(X86Insn j, byte[] b, String objdumpMnemonic) {
        OpcodeEntry e = j.entry();
        int op = j.opcode();
        if (j.lock()) {
            return "LOCK not allowed";
        }
        if (op >= 0x0F00 && e != null && e.map().equals("0F")) {
            return "0F cell of a later processor";
        }
        if (op == 0x0F01 || op == 0x0FAE || op == 0x0FC7 || op == 0x8F || op == 0x0F00
                || op >= 0x0F71 && op <= 0x0F73) {
            return "group slot of a later processor";
        }
        if ((op == 0xC6 || op == 0xC7) && j.faultReason().contains("/7")) {
            return "RTM XABORT/XBEGIN";
        }
        if ((op == 0xC4 || op == 0xC5 || op == 0x62) && j.faultReason().contains("mod=11")) {
            return "VEX/EVEX";
        }
        if (op >= 0xD8 && op <= 0xDF) {
            return "x87 reserved cell (alias or SSE3)";
        }
        if (op >= 0x0F20 && op <= 0x0F23 || op == 0x8C || op == 0x8E) {
            return "nonexistent CR or segment register";
        }
        return null;
    }

    private static void count(Map<String, Integer> m, String k) {
        m.merge(k, 1, Integer::sum);
    }

    /** 0..2 prefixes of distinct groups, an opcode biased to defined cells, then random bytes. */
    private static byte[] generate(Random rnd) {
        byte[] b = new byte[16];
        int p = 0;
        int[][] groups = {{0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65}, {0x66}, {0x67}, {0xF2, 0xF3}, {0xF0}};
        boolean[] used = new boolean[groups.length];
        int nPrefixes = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 0;
        for (int k = 0; k < nPrefixes; k++) {
            int g = rnd.nextInt(groups.length);
            if (g == 4 && rnd.nextInt(4) != 0 || used[g]) {
                continue;
            }
            used[g] = true;
            b[p++] = (byte) groups[g][rnd.nextInt(groups[g].length)];
        }
        int kind = rnd.nextInt(100);
        if (kind < 65) {
            OpcodeEntry e;
            do {
                e = OpcodeMaps.ONE_BYTE.get(rnd.nextInt(256));
            } while (e.kind() == OpcodeEntry.Kind.PREFIX || e.kind() == OpcodeEntry.Kind.ESCAPE);
            b[p++] = (byte) e.opcode();
        } else if (kind < 95) {
            b[p++] = 0x0F;
            OpcodeEntry e;
            do {
                e = OpcodeMaps.TWO_BYTE.get(rnd.nextInt(256));
            } while (e.kind() == OpcodeEntry.Kind.UNDEFINED && rnd.nextInt(8) != 0);
            b[p++] = (byte) e.opcode();
        } else {
            b[p++] = (byte) rnd.nextInt(256);
        }
        while (p < b.length) {
            b[p++] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    private List<String[]> runObjdump(Path objdump, List<byte[]> cases, int mode) throws IOException,
            InterruptedException {
        List<String[]> out = new ArrayList<>();
        for (int start = 0; start < cases.size(); start += BATCH) {
            int end = Math.min(cases.size(), start + BATCH);
            List<String> cmd = new ArrayList<>(List.of(objdump.toString(), "-D", "-b", "binary", "-m",
                    mode == 16 ? "i8086" : "i386", "--insn-width=16"));
            for (int i = start; i < end; i++) {
                Path f = tmp.resolve("c" + i + ".bin");
                Files.write(f, cases.get(i));
                cmd.add(f.toString());
            }
            Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (pr.waitFor() != 0) {
                fail("objdump failed: " + text.lines().limit(5).toList());
            }
            Map<String, String[]> firstInsn = new HashMap<>();
            String current = null;
            for (String line : text.split("\n")) {
                if (line.endsWith("file format binary")) {
                    current = line.substring(0, line.indexOf(':'));
                } else if (current != null && !firstInsn.containsKey(current) && line.matches("^\\s+0:\t.*")) {
                    String[] parts = line.split("\t");
                    String bytes = parts[1].trim();
                    String insn = parts.length > 2 ? parts[2].trim() : "";
                    firstInsn.put(current, new String[]{bytes, insn});
                }
            }
            for (int i = start; i < end; i++) {
                out.add(firstInsn.get(tmp.resolve("c" + i + ".bin").toString()));
            }
        }
        return out;
    }

    private static Path findObjdump() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "objdump");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("GNU objdump (binutils) is required for the x86 decoder differential test: apt-get install binutils");
        }
        Assumptions.abort("objdump not found; install binutils to run the x86 length differential test");
        return null;
    }
}
