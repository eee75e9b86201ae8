package org.omnikernel.scheduler.roundrobin;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Registers the {@code roundrobin} scheduler with OKRT.
 */
@Component(property = SchedulerFactory.NAME_PROPERTY + "=" + RoundRobinFactory.NAME)
public final class RoundRobinFactory implements SchedulerFactory {

    /** The scheduler's name in configurations. */
    public static final String NAME = "roundrobin";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scheduler create(Parameters parameters, SchedulerContext context) {
        return new RoundRobinScheduler(parameters, context.cores());
    }
}
