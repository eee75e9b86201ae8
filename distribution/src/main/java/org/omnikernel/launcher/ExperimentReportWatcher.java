package org.omnikernel.launcher;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * Keeps the first {@value ExperimentOutcome#EXPERIMENT_REPORT} the experiments bundle registers. It
 * listens from before any bundle starts, so a report is caught even when the experiment stops the
 * framework right after registering it; the outcome stays readable after the framework has stopped.
 */
final class ExperimentReportWatcher implements ServiceListener {

    /** Matches the report service by object class name, so no class of the bundle is loaded. */
    static final String FILTER = "(objectClass=" + ExperimentOutcome.EXPERIMENT_REPORT + ")";

    private final AtomicReference<ExperimentOutcome> outcome = new AtomicReference<>();

    /**
     * Starts listening on a framework.
     *
     * @param context the system bundle's context
     */
    void open(BundleContext context) {
        try {
            context.addServiceListener(this, FILTER);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("bad filter " + FILTER, e);
        }
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        if (event.getType() == ServiceEvent.REGISTERED || event.getType() == ServiceEvent.MODIFIED) {
            offer(event.getServiceReference());
        }
    }

    private void offer(ServiceReference<?> reference) {
        ExperimentOutcome.from(reference).ifPresent(o -> outcome.compareAndSet(null, o));
    }

    /** @return the report, if one was registered */
    Optional<ExperimentOutcome> outcome() {
        return Optional.ofNullable(outcome.get());
    }
}
