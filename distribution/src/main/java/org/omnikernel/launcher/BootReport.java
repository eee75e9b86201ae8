package org.omnikernel.launcher;

import java.util.Optional;
import org.osgi.framework.ServiceReference;

/**
 * How OKRT says boot went: the service properties of its {@code org.omnikernel.okrt.KernelStatus}
 * service. Read from the service reference only, so the launcher never loads an OKRT class.
 *
 * @param state   {@value #RUNNING} or {@value #FAILED}
 * @param error   why boot failed; empty when running
 * @param summary what runs, in lines; may be empty
 */
record BootReport(String state, String error, String summary) {

    /** The service's object class. */
    static final String KERNEL_STATUS = "org.omnikernel.okrt.KernelStatus";
    /** Service property holding {@link #state()}. */
    static final String STATE = "okrt.state";
    /** Service property holding {@link #error()}. */
    static final String ERROR = "okrt.error";
    /** Service property holding {@link #summary()}. */
    static final String SUMMARY = "okrt.summary";
    /** State of a kernel that booted with its configuration. */
    static final String RUNNING = "running";
    /** State of a kernel that refused its configuration. */
    static final String FAILED = "failed";

    /**
     * @param reference a {@value #KERNEL_STATUS} service
     * @return its report, or empty while its state is neither running nor failed
     */
    static Optional<BootReport> from(ServiceReference<?> reference) {
        String state = text(reference.getProperty(STATE));
        if (!state.equals(RUNNING) && !state.equals(FAILED)) {
            return Optional.empty();
        }
        return Optional.of(new BootReport(state, text(reference.getProperty(ERROR)),
                text(reference.getProperty(SUMMARY))));
    }

    /** @return whether the kernel runs its configuration */
    boolean running() {
        return state.equals(RUNNING);
    }

    private static String text(Object property) {
        return property == null ? "" : property.toString().strip();
    }
}
