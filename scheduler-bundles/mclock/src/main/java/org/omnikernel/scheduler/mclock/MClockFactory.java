package org.omnikernel.scheduler.mclock;

import org.omnikernel.hal.Clocks;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Registers the {@value #NAME} scheduler with OKRT: mClock (Gulati, Merchant and Varman, "mClock:
 * Handling Throughput Variability for Hypervisor IO Scheduling", OSDI 2010) on every core it governs.
 * See {@link MClockCore} for the policy and its client parameters, {@link MClockScheduler} for the
 * scheduler parameters.
 */
@Component(property = SchedulerFactory.NAME_PROPERTY + "=" + MClockFactory.NAME)
public final class MClockFactory implements SchedulerFactory {

    /** The scheduler's name in configurations. */
    public static final String NAME = "propshare.mclock";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scheduler create(Parameters parameters, SchedulerContext context) {
        return new MClockScheduler(parameters, context, Clocks::monotonicNanos);
    }
}
