/** Input devices: the Apple Desktop Bus ({@link org.jemu.machine.input.AdbBus}) with its keyboard and mouse. */
package org.jemu.machine.input;
