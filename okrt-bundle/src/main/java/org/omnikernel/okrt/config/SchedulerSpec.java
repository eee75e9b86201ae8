package org.omnikernel.okrt.config;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;

/**
 * One scheduler of the grid as configured: the CPU resource scheduler ({@code <cpuscheduler>}), a
 * compartment scheduler ({@code <compartment>}, §4.2.2) or a resource scheduler
 * ({@code <resourcescheduler>}, Fig 3.15).
 *
 * @param resource   the governed resource, {@link #CPU} for the CPU scheduler, {@link #DEFAULT}
 *                   for resources the file does not name, or the compartment's name
 * @param scheduler  the scheduler's name
 * @param metric     the metric it shares by
 * @param cores      the cores it may request CPU time from
 * @param cpushare   its client parameter at the CPU scheduler (a weight for proportional share)
 * @param batch      how many messages one dispatch may run
 * @param parameters further scheduler parameters ({@code <param name value/>})
 * @param clientParameters parameters its parent scheduler sees for it besides {@code share}
 *                   ({@code <clientparam name value/>}, such as {@code priority} or {@code rate})
 * @param parent     the compartment whose scheduler this one is a client of; null for a client of the
 *                   CPU scheduler (and for the CPU scheduler itself)
 * @param line       the line in the file, for messages; 0 when not from a file
 */
public record SchedulerSpec(String resource, String scheduler, Metric metric, CoreSet cores, long cpushare, int batch,
        Parameters parameters, Parameters clientParameters, String parent, int line) {

    /** The resource name of the CPU resource scheduler. */
    public static final String CPU = "okrt.cpu";
    /** The resource name of the entry that governs resources the configuration does not name. */
    public static final String DEFAULT = "*";

    /**
     * @param newCores the cores
     * @return a copy with other cores
     */
    public SchedulerSpec withCores(CoreSet newCores) {
        return new SchedulerSpec(resource, scheduler, metric, newCores, cpushare, batch, parameters, clientParameters, parent, line);
    }

    /**
     * @param newCpushare the share at the parent scheduler
     * @return a copy with another share
     */
    public SchedulerSpec withCpushare(long newCpushare) {
        return new SchedulerSpec(resource, scheduler, metric, cores, newCpushare, batch, parameters, clientParameters, parent, line);
    }

    /**
     * @param newBatch messages per dispatch
     * @return a copy with another batching factor
     */
    public SchedulerSpec withBatch(int newBatch) {
        return new SchedulerSpec(resource, scheduler, metric, cores, cpushare, newBatch, parameters, clientParameters, parent, line);
    }

    /**
     * @param newMetric the metric to share by
     * @return a copy with another metric
     */
    public SchedulerSpec withMetric(Metric newMetric) {
        return new SchedulerSpec(resource, scheduler, newMetric, cores, cpushare, batch, parameters,
                clientParameters, parent, line);
    }

    /**
     * @param newScheduler  another scheduler's name
     * @param newParameters its parameters
     * @return a copy governed by that scheduler
     */
    public SchedulerSpec withScheduler(String newScheduler, Parameters newParameters) {
        return new SchedulerSpec(resource, newScheduler, metric, cores, cpushare, batch, newParameters, clientParameters, parent,
                line);
    }

    /**
     * @param name the resource the default entry is applied to
     * @return a copy for that resource
     */
    public SchedulerSpec forResource(String name) {
        return new SchedulerSpec(name, scheduler, metric, cores, cpushare, batch, parameters, clientParameters, parent, line);
    }

    /** @return the client parameters its parent scheduler sees for it: {@code share} = cpushare, and the clientparams */
    public Parameters cpuClientParameters() {
        return clientParameters.with("share", Long.toString(cpushare));
    }
}
