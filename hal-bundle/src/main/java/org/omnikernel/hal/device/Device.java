package org.omnikernel.hal.device;

/**
 * A device, as a driver exposes it. Implement {@link BlockDevice} or {@link NetworkDevice}, not this
 * directly, and register the object as an OSGi service of type {@code Device}.
 *
 * <p>Contract: {@link #start} and {@link #stop} are called once each, by the registry. Every other
 * method may be called from any kernel core, concurrently, must not block on I/O, and reports the
 * outcome of the work it accepted by {@link DeviceContext#raise raising an interrupt}. A method that
 * throws is treated as a driver fault: the kernel reports it and carries on.
 */
public interface Device {

    /** Type of a {@link BlockDevice}. */
    String BLOCK = "block";
    /** Type of a {@link NetworkDevice}. */
    String NIC = "nic";

    /** @return the device's name, unique in the machine: letters, digits, '.', '-' and '_' */
    String name();

    /** @return {@link #BLOCK}, {@link #NIC}, or a type of the driver's own */
    String type();

    /**
     * Called once when the registry adopts the device, before any request.
     *
     * @param context where the device raises its interrupts
     * @throws Exception when the device cannot start; the registry marks it failed with the reason
     */
    void start(DeviceContext context) throws Exception;

    /** Called once when the device leaves: stop the device's threads; raise nothing after returning. */
    void stop();

    /**
     * Checks a block size a driver was configured with.
     *
     * @param device the device's name, for the message
     * @param size   bytes per block
     * @throws IllegalArgumentException unless it is a power of two from 512 to 64 KiB
     */
    static void requireBlockSize(String device, int size) {
        if (size < 512 || size > 65536 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException(device + ": block size " + size + " is not a power of two from 512 to 65536");
        }
    }

    /**
     * Checks a queue depth a driver was configured with.
     *
     * @param device the device's name, for the message
     * @param depth  requests in flight at most
     * @throws IllegalArgumentException unless it is from 1 to 1024
     */
    static void requireQueueDepth(String device, int depth) {
        if (depth < 1 || depth > 1024) {
            throw new IllegalArgumentException(device + ": queue depth " + depth + " is not between 1 and 1024");
        }
    }
}
