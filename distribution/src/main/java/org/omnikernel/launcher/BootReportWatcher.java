package org.omnikernel.launcher;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * Waits for OKRT's boot report. Open it on the system bundle's context before any bundle starts, so
 * that no registration can be missed; the first {@code running} or {@code failed} report wins.
 *
 * <pre>
 *   launcher                      framework                    OKRT bundle
 *   open() ── addServiceListener ──▶ │
 *   start bundles ───────────────────▶ │ ◀── register KernelStatus {okrt.state=…}
 *   await(30 s) ◀── serviceChanged(REGISTERED) ─┘
 * </pre>
 */
final class BootReportWatcher implements ServiceListener, AutoCloseable {

    /** LDAP filter that matches the KernelStatus service by name only. */
    static final String FILTER = "(objectClass=" + BootReport.KERNEL_STATUS + ")";

    private final BundleContext context;
    private final CompletableFuture<BootReport> report = new CompletableFuture<>();

    private BootReportWatcher(BundleContext context) {
        this.context = context;
    }

    /**
     * Starts listening, and takes a report already registered if there is one.
     *
     * @param context the system bundle's context
     * @return the watcher; close it when done
     */
    static BootReportWatcher open(BundleContext context) {
        BootReportWatcher watcher = new BootReportWatcher(context);
        try {
            context.addServiceListener(watcher, FILTER);
            ServiceReference<?>[] existing = context.getServiceReferences((String) null, FILTER);
            if (existing != null) {
                for (ServiceReference<?> reference : existing) {
                    watcher.offer(reference);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("bad filter " + FILTER, e);
        }
        return watcher;
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        // MODIFIED too: OKRT may register the service first and set its state when boot is done.
        if (event.getType() == ServiceEvent.REGISTERED || event.getType() == ServiceEvent.MODIFIED) {
            offer(event.getServiceReference());
        }
    }

    private void offer(ServiceReference<?> reference) {
        BootReport.from(reference).ifPresent(report::complete);
    }

    /**
     * @param timeout how long to wait at most
     * @return the report, or empty if none came in time
     * @throws InterruptedException if the waiting thread is interrupted
     */
    Optional<BootReport> await(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(report.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("never completed exceptionally", e);
        }
    }

    @Override
    public void close() {
        try {
            context.removeServiceListener(this);
        } catch (IllegalStateException e) {
            // the framework has stopped already; its listeners are gone with it
        }
    }
}
