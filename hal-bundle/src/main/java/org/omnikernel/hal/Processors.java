package org.omnikernel.hal;

/**
 * The processors the kernel may run cores on. A core is a kernel thread pinned by convention to one
 * index; the JVM cannot pin it to a hardware CPU, so the count is what matters.
 */
public final class Processors {

    /** Framework or system property that overrides the number of cores the kernel starts. */
    public static final String CORES_PROPERTY = "omnikernel.cores";

    private Processors() {
    }

    /** @return the processors available to this JVM */
    public static int available() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Parses a configured core count.
     *
     * @param configured the property value, or null for "all available processors"
     * @return the count, at least 1
     * @throws IllegalArgumentException naming the property and the bad value
     */
    public static int coreCount(String configured) {
        if (configured == null || configured.isBlank()) {
            return available();
        }
        try {
            int n = Integer.parseInt(configured.trim());
            if (n >= 1 && n <= 1024) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(CORES_PROPERTY + "=\"" + configured
                + "\" is not a core count; use a whole number from 1 to 1024 (this machine has "
                + available() + " processors)");
    }
}
