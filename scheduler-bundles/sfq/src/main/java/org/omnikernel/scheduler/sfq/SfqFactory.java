package org.omnikernel.scheduler.sfq;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Registers the {@value #NAME} scheduler with OKRT: start-time fair queueing (Goyal, Vin and Cheng,
 * "Start-time Fair Queueing: A Scheduling Algorithm for Integrated Services Packet Switching
 * Networks", SIGCOMM 1996) on every core it governs. See {@link SfqCore} for the policy and why it
 * suits OKRT, {@link SfqScheduler} for the scheduler parameters.
 */
@Component(property = SchedulerFactory.NAME_PROPERTY + "=" + SfqFactory.NAME)
public final class SfqFactory implements SchedulerFactory {

    /** The scheduler's name in configurations. */
    public static final String NAME = "propshare.sfq";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scheduler create(Parameters parameters, SchedulerContext context) {
        return new SfqScheduler(parameters, context);
    }
}
