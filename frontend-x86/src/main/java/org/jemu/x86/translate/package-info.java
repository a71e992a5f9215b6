/**
 * x86 to IR: {@link org.jemu.x86.translate.X86Translator} decodes with {@link org.jemu.x86.decode.X86Decoder}
 * and dispatches on the opcode-map mnemonic to handlers grouped as SDM Vol. 1 7.3 groups the general-purpose
 * instructions: {@link org.jemu.x86.translate.DataTransfer}, {@link org.jemu.x86.translate.BinaryArithmetic}
 * (with the logical and decimal instructions), {@link org.jemu.x86.translate.LogicalShiftRotate},
 * {@link org.jemu.x86.translate.BitByte}, {@link org.jemu.x86.translate.ControlTransfer},
 * {@link org.jemu.x86.translate.StringInsns}, {@link org.jemu.x86.translate.FlagControl} and
 * {@link org.jemu.x86.translate.Misc} (system and miscellaneous).
 *
 * <p>Handlers read operands through {@link org.jemu.x86.translate.X86Translator#operand} (the SDM's operand
 * codes E G Z I M O and fixed registers), emit loads and stores at once and queue register and flag writes,
 * which the translator emits after the handler: a fault leaves the registers as before the instruction.
 */
package org.jemu.x86.translate;
