/** Timers: the Intel 8254 programmable interval timer of the PC ({@link org.jemu.machine.timer.I8254}). */
package org.jemu.machine.timer;
