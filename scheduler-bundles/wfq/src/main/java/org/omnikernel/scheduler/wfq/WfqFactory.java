package org.omnikernel.scheduler.wfq;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Registers the {@code propshare.wfq} scheduler with OKRT: weighted fair queueing by virtual
 * finishing times (seed §3.1.1.2, Fig 3.3), usable as a resource scheduler (clients are request
 * queues, weighted by the activity parameter {@code share}) and as the CPU or a compartment scheduler
 * (clients are child schedulers, weighted by their configured {@code cpushare}, which OKRT passes as
 * {@code share}).
 *
 * <p>Scheduler parameters ({@code <param name=… value=…/>}): {@code burst} ({@code clamp} or
 * {@code reset:<µs>}), {@code loadshare} ({@code least-utilized}, {@code affinity-sticky} or
 * {@code fewest-clients}) and {@code ttl} (µs); see {@link WfqScheduler}.
 */
@Component(property = SchedulerFactory.NAME_PROPERTY + "=" + WfqFactory.NAME)
public final class WfqFactory implements SchedulerFactory {

    /** The scheduler's name in configurations (seed §3.1.7.1). */
    public static final String NAME = "propshare.wfq";

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The seed's {@code init}. Called by: OKRT, on the thread attaching a resource governed by this
     * scheduler (or at boot for the CPU scheduler).
     *
     * @throws IllegalArgumentException naming the parameter and its value when one is unknown or invalid
     */
    @Override
    public Scheduler create(Parameters parameters, SchedulerContext context) {
        return new WfqScheduler(parameters, context, System::nanoTime);
    }
}
