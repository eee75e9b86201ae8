package org.omnikernel.okrt.scheduler;

import org.omnikernel.okrt.Parameters;

/**
 * A scheduler implementation, registered as an OSGi service by its bundle. OKRT finds it by
 * {@link #name()}, the name configurations use (seed §3.1.7.1: "propshare.wfq", "roundrobin").
 *
 * <p>The bundle also declares the name in its manifest so that configurations can be checked before
 * it starts: {@code Provide-Capability: omnikernel.scheduler;name=roundrobin}.
 */
public interface SchedulerFactory {

    /** Service property carrying the scheduler's name. */
    String NAME_PROPERTY = "okrt.scheduler.name";

    /** @return the scheduler's name, such as {@code roundrobin} */
    String name();

    /**
     * The seed's {@code init}: creates a scheduler instance and its shared state for one resource
     * (or for the CPU resource).
     *
     * @param parameters the {@code schedparams} from the configuration
     * @param context    what the instance may ask of OKRT
     * @return the instance
     * @throws IllegalArgumentException naming the bad parameter, when the parameters are invalid
     */
    Scheduler create(Parameters parameters, SchedulerContext context);
}
