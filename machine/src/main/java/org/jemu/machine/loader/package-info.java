/** Boot image loaders (ELF executables for firmware and test ROMs). */
package org.jemu.machine.loader;
