/** Firmware configuration: QEMU's fw_cfg interface in its MMIO form ({@link org.jemu.machine.nvram.FwCfg}). */
package org.jemu.machine.nvram;
