/** Real-time clocks: the ARM PL031 ({@link org.jemu.machine.rtc.Pl031}) on the virtual clock. */
package org.jemu.machine.rtc;
