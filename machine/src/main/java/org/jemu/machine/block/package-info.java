/** Block and flash devices: the Intel-command-set CFI NOR flash of the virt board ({@link org.jemu.machine.block.PflashCfi01}). */
package org.jemu.machine.block;
