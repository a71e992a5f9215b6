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
}
