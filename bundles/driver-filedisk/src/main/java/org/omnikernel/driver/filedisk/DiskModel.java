package org.omnikernel.driver.filedisk;

/**
 * How long the disk takes to serve a request, given where its head is. The controller serves one
 * request at a time and completes it no earlier than the model says, so a modelled disk is a real
 * bottleneck for the kernel's schedulers to share (seed §5.7 uses a 10K-RPM disk).
 */
interface DiskModel {

    /**
     * @param block      first block of the request
     * @param blocks     its length in blocks (0 for a flush)
     * @param blockSize  bytes per block
     * @param startNanos when the disk starts on it (monotonic)
     * @return how long it takes, in ns; moves the modelled head to the request's end
     */
    long serviceNanos(long block, int blocks, int blockSize, long startNanos);

    /** @return a short description, for logs and the device list */
    String describe();

    /** The image file's own speed: no modelled delay at all. */
    DiskModel PASS_THROUGH = new DiskModel() {
        @Override
        public long serviceNanos(long block, int blocks, int blockSize, long startNanos) {
            return 0;
        }

        @Override
        public String describe() {
            return "pass-through";
        }
    };
}
