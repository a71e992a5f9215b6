package org.jemu.machine.net;

/**
 * The guest side of a network link (QEMU's {@code NetClientState} of a NIC): the device model that receives
 * the frames a {@link NetBackend} delivers. Called on the vCPU thread only.
 */
public interface NetFrontend {
    /** True if the device has room for a frame now (the driver has posted receive buffers). */
    boolean canReceive();

    /**
     * Takes one Ethernet frame (destination MAC first, no FCS). Only called after {@link #canReceive}
     * answered true; a frame larger than the posted buffers is dropped by the device, as a real NIC would.
     *
     * @return false if the device could not take the frame now after all (the posted buffers are too few
     *         for it); the backend keeps it first in line and tries again after {@link
     *         NetBackend#acceptInput()}
     */
    boolean receive(byte[] frame);
}
