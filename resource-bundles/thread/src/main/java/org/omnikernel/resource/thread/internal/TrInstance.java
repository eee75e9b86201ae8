package org.omnikernel.resource.thread.internal;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.Resource;

/**
 * One instance of the thread resource (TR), for one CPU aggregate (seed §4.1.1). A ready thread is a
 * {@value #RUN} message queued here for the aggregate's activity, with the thread's id as affinity
 * label, so that the instance's scheduler load-shares threads across cores and picks which runs
 * next; the handler runs the thread's timeslice (seed §5.4: "processing a message involves setting
 * up a timeslice timer and dispatching the corresponding thread").
 *
 * <pre>
 *  RUN(thread)               run one timeslice; ready again ─► RUN to self (behind the others)
 *  TIMEOUT(thread, token)    a wait's timeout expired ─► RUN unless woken meanwhile
 * </pre>
 *
 * <p>Attached with {@code Okrt.attach(resource, spec)}, not as an OSGi service: each aggregate's
 * instance has the scheduler and cpushare the aggregate was opened with.
 */
final class TrInstance implements Resource {

    /** Request type: run one timeslice of the thread in argument 0. */
    static final String RUN = "RUN";
    /** Request type: the wait of thread argument 0 with token argument 1 timed out. */
    static final String TIMEOUT = "TIMEOUT";

    private final String name;
    private final Activity activity;
    private volatile ResourceContext context;

    TrInstance(String name, Activity activity) {
        this.name = name;
        this.activity = activity;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(name)
                .request(RUN, (ctx, m) -> m.argument(0, KernelThread.class).runSlice(ctx), KernelThread.class)
                .request(TIMEOUT, (ctx, m) -> m.argument(0, KernelThread.class).timeout(m.argument(1, Long.class)),
                        KernelThread.class, Long.class)
                .build();
    }

    @Override
    public void attached(ResourceContext ctx) {
        this.context = ctx;
    }

    /** @return the instance's resource name */
    String name() {
        return name;
    }

    /**
     * Queues a RUN for a thread from outside a handler (a thread made, woken, resumed, killed). The
     * thread's id is the affinity label: all its RUNs share one route and so one core at a time.
     */
    SendResult sendRun(KernelThread t) {
        ResourceContext c = context;
        if (c == null) {
            return SendResult.error(SendResult.Status.NO_SUCH_RESOURCE, name + " is not attached");
        }
        return c.send(activity, name, RUN, t.id(), t);
    }
}
