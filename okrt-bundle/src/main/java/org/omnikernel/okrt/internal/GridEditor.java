package org.omnikernel.okrt.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.config.CoreSet;
import org.omnikernel.okrt.config.SchedulerSpec;
import org.omnikernel.okrt.grid.GridEdit;
import org.omnikernel.okrt.grid.GridEditException;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

/**
 * Checks grid edits and turns them into {@link Plan}s. Every scheduler edit is one kind of change: the
 * target's scheduler spec as it runs now, with some fields changed. A plan for it is made only once
 * everything it would do has been checked — names, numbers, the metric, the cores, and the new
 * scheduler instance with every client it would inherit — so a refused edit changes nothing.
 *
 * <p>Applying a plan, in this order: a new scheduler on other cores ({@link CoreMove}) or on the same
 * cores ({@link SchedulerSwap}) when the scheduler, its parameters, metric or cores change; else the
 * batching factor alone (read per dispatch); then the share at the parent ({@code updateClient} on each
 * core).
 */
final class GridEditor {

    private static final int MAX_BATCH = 1024;

    /** A checked change to one target, ready to apply. */
    interface Plan {
        /** @return the resource, compartment or {@code okrt.cpu} it changes */
        String target();

        /** @return the fields it sets, by edit field name, as persisted: scheduler, parameters, cores, … */
        Map<String, String> fields();

        /**
         * Applies the change on the cores.
         *
         * @return completes with the longest time a core was held, in ns
         */
        CompletionStage<CorePause> apply();
    }

    private final Kernel kernel;
    private final Supplier<Set<String>> schedulerNames;

    /**
     * @param kernel         the running kernel
     * @param schedulerNames the schedulers available now, for messages
     */
    GridEditor(Kernel kernel, Supplier<Set<String>> schedulerNames) {
        this.kernel = kernel;
        this.schedulerNames = schedulerNames;
    }

    /**
     * @param edit a scheduler edit (not an activity edit or an import)
     * @return the plan
     * @throws GridEditException naming the field at fault
     */
    Plan check(GridEdit edit) {
        SchedulerHost host = host(edit.target());
        SchedulerSpec now = host.spec;
        if (edit instanceof GridEdit.Swap s) {
            if (s.scheduler() == null || s.scheduler().isBlank()) {
                throw new GridEditException("scheduler", "no scheduler named; valid: " + new TreeSet<>(schedulerNames.get()));
            }
            return plan(host, now.withScheduler(s.scheduler().trim(), Parameters.of(s.parameters())), "parameters");
        }
        if (edit instanceof GridEdit.SetCores c) {
            return plan(host, now.withCores(cores(host, c.cores())), "cores");
        }
        if (edit instanceof GridEdit.SetCpuShare c) {
            return plan(host, now.withCpushare(c.cpushare()), "cpushare");
        }
        if (edit instanceof GridEdit.SetMetric m) {
            return plan(host, now.withMetric(metric(host, m.metric())), "metric");
        }
        if (edit instanceof GridEdit.SetBatch b) {
            return plan(host, now.withBatch(b.batch()), "batch");
        }
        throw new IllegalArgumentException(edit + " is not a scheduler edit");
    }

    /** @return the scheduler host an edit names */
    SchedulerHost host(String target) {
        if (target == null || target.isBlank()) {
            throw new GridEditException("target", "no target named; " + kernel.targets());
        }
        SchedulerHost h = kernel.hostOrNull(target.trim());
        if (h == null) {
            throw new GridEditException("target", "no resource or compartment named " + target + "; " + kernel.targets());
        }
        return h;
    }

    /**
     * Checks the change from the target's running spec to {@code want} and prepares what it needs.
     *
     * @param schedulerField the field to blame when the new scheduler refuses its configuration
     */
    Plan plan(SchedulerHost host, SchedulerSpec want, String schedulerField) {
        SchedulerSpec now = host.spec;
        String target = now.resource();
        boolean cpu = host == kernel.cpuHostForEdit();
        boolean compartment = !cpu && host.resource == null;
        Map<String, String> fields = new LinkedHashMap<>();

        boolean newScheduler = !want.scheduler().equals(now.scheduler()) || !want.parameters().equals(now.parameters())
                || !want.metric().equals(now.metric());
        boolean newCores = !want.cores().equals(now.cores());
        SchedulerFactory factory = null;
        if (newScheduler || newCores) {
            factory = kernel.factory(want.scheduler());
            if (factory == null) {
                throw new GridEditException("scheduler", "unknown scheduler \"" + want.scheduler() + "\" for " + target
                        + "; no bundle provides it now; valid: " + new TreeSet<>(schedulerNames.get()));
            }
            fields.put("scheduler", want.scheduler());
            fields.put("parameters", formatParameters(want.parameters()));
            fields.put("metric", want.metric().name());
        }
        if (newCores) {
            if (cpu) {
                throw new GridEditException("cores", "the CPU scheduler's cores are the kernel's dispatch loops, fixed at boot ("
                        + now.cores() + "); change cpuscheduler/@core in the file and restart");
            }
            fields.put("cores", want.cores().spec());
        }
        if (want.batch() != now.batch()) {
            if (want.batch() < 1 || want.batch() > MAX_BATCH) {
                throw new GridEditException("batch", "batch " + want.batch() + " of " + target + " is not from 1 to " + MAX_BATCH);
            }
            if (compartment) {
                throw new GridEditException("batch", "compartment " + target + " runs no messages itself; set the batch of its "
                        + "resources, or okrt.cpu for the kernel default");
            }
            fields.put("batch", Integer.toString(want.batch()));
        }
        if (want.cpushare() != now.cpushare()) {
            if (cpu) {
                throw new GridEditException("cpushare", "the CPU scheduler has no parent to hold a share; valid targets: "
                        + "resources and compartments");
            }
            if (want.cpushare() < 1) {
                throw new GridEditException("cpushare", "cpushare " + want.cpushare() + " of " + target + " is below 1");
            }
            try {
                kernel.parentOf(now).scheduler.checkClient(now.clientParameters().with("share", Long.toString(want.cpushare())));
            } catch (IllegalArgumentException e) {
                throw new GridEditException("cpushare", "the parent scheduler " + kernel.parentOf(now).spec.scheduler() + " refuses cpushare "
                        + want.cpushare() + " for " + target + ": " + e.getMessage());
            }
            fields.put("cpushare", Long.toString(want.cpushare()));
        }
        // The scheduler is created and checks its clients last, when everything else is known good.
        SchedulerSpec running = want.withCpushare(now.cpushare());
        CompletionStageSupplier change;
        try {
            if (newCores && compartment) {
                CompartmentMove.Prepared move = new CompartmentMove(kernel, host).prepare(factory, running);
                change = move::commit;
            } else if (newCores) {
                CoreMove.Prepared move = new CoreMove(kernel, host.resource).prepare(factory, running);
                change = move::commit;
            } else if (newScheduler) {
                SchedulerSwap.Prepared swap = new SchedulerSwap(kernel, host).prepare(factory, running);
                change = swap::commit;
            } else if (want.batch() != now.batch()) {
                int batch = want.batch();
                change = () -> {
                    kernel.setBatch(host, batch);
                    return CompletableFuture.completedFuture(CorePause.NONE);
                };
            } else {
                change = () -> CompletableFuture.completedFuture(CorePause.NONE);
            }
        } catch (IllegalArgumentException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            String field = m.startsWith(SchedulerSwap.REFUSES_CLIENT) ? "scheduler"
                    : m.contains("outside it; move them first") ? "cores" : schedulerField;
            throw new GridEditException(field, e.getMessage());
        }
        boolean shareChanges = want.cpushare() != now.cpushare();
        long share = want.cpushare();
        return new Plan() {
            @Override
            public String target() {
                return target;
            }

            @Override
            public Map<String, String> fields() {
                return fields;
            }

            @Override
            public CompletionStage<CorePause> apply() {
                CompletionStage<CorePause> done = change.get();
                if (shareChanges) {
                    done = done.thenCompose(pause -> kernel.updateCpuShare(target, share).thenApply(v -> pause));
                }
                return done.thenApply(pause -> {
                    kernel.remember(host);
                    return pause;
                });
            }
        };
    }

    /** Starts a change on the cores. */
    private interface CompletionStageSupplier {
        CompletionStage<CorePause> get();
    }

    private CoreSet cores(SchedulerHost host, String text) {
        CoreSet set;
        try {
            set = CoreSet.parse(text, kernel.config().cores());
        } catch (IllegalArgumentException e) {
            throw new GridEditException("cores", e.getMessage());
        }
        if (host != kernel.cpuHostForEdit()) {
            SchedulerHost parent = kernel.parentOf(host.spec);
            List<Integer> outside = new ArrayList<>();
            set.stream().filter(c -> parent.localIndexOf(c) < 0).forEach(outside::add);
            if (!outside.isEmpty()) {
                throw new GridEditException("cores", "\"" + text + "\" uses cores " + outside + " where "
                        + (parent == kernel.cpuHostForEdit() ? "the cpuscheduler" : "compartment " + parent.spec.resource())
                        + " does not run; valid: cores within \"" + parent.spec.cores() + "\"");
            }
        }
        return set;
    }

    private Metric metric(SchedulerHost host, String name) {
        Metric m;
        try {
            m = Metric.of(name == null ? "" : name.trim());
        } catch (IllegalArgumentException e) {
            throw new GridEditException("metric", e.getMessage());
        }
        Set<String> valid = validMetrics(host);
        if (!valid.contains(m.name())) {
            throw new GridEditException("metric", host.spec.resource() + " cannot share by " + m.name() + ": "
                    + (host.resource != null ? "the resource does not report it" : "no resource below it reports it")
                    + "; valid: " + valid);
        }
        return m;
    }

    /** @return cpu, memory, and what the target's resource (or any resource below it) reports */
    private Set<String> validMetrics(SchedulerHost host) {
        Set<String> out = new TreeSet<>(List.of(Metric.CPU.name(), Metric.MEMORY.name()));
        for (ResourceEntry r : kernel.held()) {
            if (host.resource == r || (host.resource == null && below(r.host.spec, host))) {
                r.iface.reports().forEach(x -> out.add(x.name()));
            }
        }
        return out;
    }

    /** @return whether a resource scheduler sits below a compartment or CPU scheduler */
    private boolean below(SchedulerSpec spec, SchedulerHost ancestor) {
        if (ancestor == kernel.cpuHostForEdit()) {
            return true;
        }
        String parent = spec.parent();
        while (parent != null) {
            if (parent.equals(ancestor.spec.resource())) {
                return true;
            }
            SchedulerHost p = kernel.hostOrNull(parent);
            parent = p == null ? null : p.spec.parent();
        }
        return false;
    }

    /** @return parameters as {@code k=v,k=v}, the form persistence keeps */
    static String formatParameters(Parameters p) {
        StringBuilder b = new StringBuilder();
        p.asMap().forEach((k, v) -> b.append(b.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }

    /**
     * @param text {@code k=v,k=v}, or empty
     * @return the parameters
     */
    static Parameters parseParameters(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            for (String kv : text.split(",")) {
                int eq = kv.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("\"" + kv + "\" is not a parameter; write key=value");
                }
                m.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return Parameters.of(m);
    }
}
