package org.jemu.translator.exec;

import org.jemu.translator.ir.IrBlock;

/** Compiles an optimised IR block to executable code (the bytecode backend implements it). */
public interface BlockCompiler {
    /**
     * @param block the IR, already verified and optimised
     * @return executable code
     * @throws RuntimeException if the block cannot be compiled (it then stays interpreted)
     */
    CompiledBlock compile(IrBlock block);

    /**
     * Compiles a region: {@code blocks.get(0)} is the entry, and direct jumps between the blocks continue
     * inside the compiled code, which returns when {@link GuestCpu#unitBudget} instructions have retired
     * or an interrupt is pending.
     *
     * @throws RuntimeException if the region cannot be compiled (for example, too large)
     */
    CompiledBlock compileRegion(java.util.List<IrBlock> blocks);
}
