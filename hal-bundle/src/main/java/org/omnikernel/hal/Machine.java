package org.omnikernel.hal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.omnikernel.hal.device.DeviceRegistry;
import org.omnikernel.hal.memory.FrameAllocator;

/**
 * The machine the kernel runs on (seed §3.1.8): its cores, interrupt controller, physical memory and
 * devices. In OSGi the HAL bundle registers one as a service, sized by the framework properties
 * {@value Processors#CORES_PROPERTY} and {@value #MEMORY_PROPERTY}; tests and tools build their own.
 */
public final class Machine {

    /** Framework or system property: physical memory for frames, e.g. {@code 256m}, {@code 1g}. */
    public static final String MEMORY_PROPERTY = "omnikernel.memory";
    /** Physical memory when {@value #MEMORY_PROPERTY} is not set. */
    public static final long DEFAULT_MEMORY_BYTES = 64L << 20;

    private final List<HardwareCore> cores;
    private final InterruptController interrupts;
    private final FrameAllocator frames;
    private final DeviceRegistry devices;

    private Machine(int coreCount, long memoryBytes) {
        List<HardwareCore> cs = new ArrayList<>(coreCount);
        for (int i = 0; i < coreCount; i++) {
            cs.add(new HardwareCore(i));
        }
        this.cores = List.copyOf(cs);
        this.interrupts = new InterruptController(cores);
        this.frames = new FrameAllocator(memoryBytes);
        this.devices = new DeviceRegistry(interrupts);
    }

    /**
     * @param coreCount   cores, at least 1
     * @param memoryBytes physical memory for frames
     * @return a machine
     * @throws IllegalArgumentException for no cores or too little memory
     */
    public static Machine create(int coreCount, long memoryBytes) {
        if (coreCount < 1) {
            throw new IllegalArgumentException("a machine needs at least one core, not " + coreCount);
        }
        return new Machine(coreCount, memoryBytes);
    }

    /**
     * Parses a configured memory size.
     *
     * @param configured bytes with an optional k, m or g suffix (powers of 1024), or null for the default
     * @return bytes
     * @throws IllegalArgumentException naming the property and the bad value
     */
    public static long memoryBytes(String configured) {
        if (configured == null || configured.isBlank()) {
            return DEFAULT_MEMORY_BYTES;
        }
        String s = configured.trim().toLowerCase(Locale.ROOT);
        int shift = switch (s.charAt(s.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n > 0 && n <= (Long.MAX_VALUE >> shift)) {
                long bytes = n << shift;
                if (bytes >= 4096) {
                    return bytes;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(MEMORY_PROPERTY + "=\"" + configured
                + "\" is not a memory size; use bytes or a number with k, m or g, at least 4k (e.g. 256m)");
    }

    /** @return how many cores */
    public int coreCount() {
        return cores.size();
    }

    /**
     * @param index a core number
     * @return that core
     */
    public HardwareCore core(int index) {
        return cores.get(index);
    }

    /** @return every core, by number */
    public List<HardwareCore> cores() {
        return cores;
    }

    /** @return the interrupt controller */
    public InterruptController interrupts() {
        return interrupts;
    }

    /** @return physical memory */
    public FrameAllocator frames() {
        return frames;
    }

    /** @return the devices */
    public DeviceRegistry devices() {
        return devices;
    }
}
