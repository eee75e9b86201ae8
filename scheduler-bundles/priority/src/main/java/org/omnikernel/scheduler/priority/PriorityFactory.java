package org.omnikernel.scheduler.priority;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Registers the {@code priority.strict} scheduler with OKRT.
 */
@Component(property = SchedulerFactory.NAME_PROPERTY + "=" + PriorityFactory.NAME)
public final class PriorityFactory implements SchedulerFactory {

    /** The scheduler's name in configurations. */
    public static final String NAME = "priority.strict";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scheduler create(Parameters parameters, SchedulerContext context) {
        return new PriorityScheduler(parameters, context.cores());
    }
}
