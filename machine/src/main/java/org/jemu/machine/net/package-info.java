/**
 * Network backends (QEMU's {@code -netdev}): the host side of a guest network card. {@link
 * org.jemu.machine.net.NetBackend} is the interface a NIC model talks to; {@link
 * org.jemu.machine.net.SlirpNetBackend} is the user-mode network ({@code -netdev user}) built on libslirp.
 */
package org.jemu.machine.net;
