package org.omnikernel.scheduler.rate;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Registers the {@code rate} scheduler (token buckets, not work-conserving) with OKRT.
 */
@Component(property = SchedulerFactory.NAME_PROPERTY + "=" + RateFactory.NAME)
public final class RateFactory implements SchedulerFactory {

    /** The scheduler's name in configurations. */
    public static final String NAME = "rate";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scheduler create(Parameters parameters, SchedulerContext context) {
        return new RateScheduler(parameters, context, System::nanoTime);
    }
}
