package org.omnikernel.okrt.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.config.CoreSet;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfig;
import org.omnikernel.okrt.config.SchedulerSpec;

/**
 * The persisted edits: per target (a resource, a compartment, {@code okrt.cpu} or {@code *}), the
 * fields an operator changed — {@code scheduler}, {@code parameters}, {@code cores}, {@code cpushare},
 * {@code metric}, {@code batch} — laid over the {@code schedulerconfig} file at boot.
 *
 * <p>Semantics: the file is the base and the overlay wins, field by field, for the targets it names.
 * An edit whose target the file no longer has (a compartment removed, a resource neither named nor
 * governed by {@code *}, a resource no installed bundle declares), or whose value the file's grid
 * cannot take now (an uninstalled scheduler, cores beyond the kernel's), is reported and dropped —
 * never applied to something else. Activity parameters are not persisted: activities end with the
 * kernel. Stored as flat properties {@code <target>/<field>} so that Config Admin can keep them.
 */
public final class GridOverlay {

    /** Fields kept per target, in the order they apply. */
    static final List<String> FIELDS = List.of("scheduler", "parameters", "metric", "cores", "cpushare", "batch");

    private final Map<String, Map<String, String>> edits = new TreeMap<>();

    /**
     * @param properties flat {@code <target>/<field>} properties; others are ignored
     * @return the overlay they hold
     */
    public static GridOverlay fromProperties(Map<String, ?> properties) {
        GridOverlay o = new GridOverlay();
        properties.forEach((key, value) -> {
            int slash = key.lastIndexOf('/');
            if (slash > 0 && value != null && FIELDS.contains(key.substring(slash + 1))) {
                o.edits.computeIfAbsent(key.substring(0, slash), k -> new LinkedHashMap<>()).put(key.substring(slash + 1),
                        value.toString());
            }
        });
        return o;
    }

    /** @return the overlay as flat {@code <target>/<field>} properties */
    public synchronized Map<String, String> toProperties() {
        Map<String, String> out = new TreeMap<>();
        edits.forEach((target, fields) -> fields.forEach((f, v) -> out.put(target + "/" + f, v)));
        return out;
    }

    /** Records the fields an applied edit set on a target; later values win. */
    synchronized void put(String target, Map<String, String> fields) {
        edits.computeIfAbsent(target, k -> new LinkedHashMap<>()).putAll(fields);
    }

    public synchronized boolean isEmpty() {
        return edits.isEmpty();
    }

    /**
     * The file with the overlay laid over it.
     *
     * @param config  the configuration read from the file
     * @param dropped the overlay with what could not be applied removed
     * @param reports one sentence per dropped edit
     */
    public record Applied(SchedulerConfig config, GridOverlay dropped, List<String> reports) {
    }

    /**
     * @param file    the configuration read from the file at boot
     * @param catalog the names installed bundles declare
     * @return the effective configuration, and what was dropped
     */
    public synchronized Applied applyTo(SchedulerConfig file, GridCatalog catalog) {
        List<String> reports = new ArrayList<>();
        GridOverlay kept = new GridOverlay();
        SchedulerSpec cpu = file.cpu();
        Map<String, SchedulerSpec> compartments = new LinkedHashMap<>();
        file.compartments().forEach(c -> compartments.put(c.resource(), c));
        Map<String, SchedulerSpec> resources = new LinkedHashMap<>();
        file.resources().forEach(r -> resources.put(r.resource(), r));
        Optional<SchedulerSpec> star = Optional.ofNullable(resources.get(SchedulerSpec.DEFAULT));

        for (Map.Entry<String, Map<String, String>> e : edits.entrySet()) {
            String target = e.getKey();
            SchedulerSpec base;
            if (target.equals(SchedulerSpec.CPU)) {
                base = cpu;
            } else if (compartments.containsKey(target)) {
                base = compartments.get(target);
            } else if (resources.containsKey(target)) {
                base = resources.get(target);
            } else if (catalog.resources().contains(target) && star.isPresent()) {
                base = star.get().forResource(target);
            } else {
                reports.add("persisted edits of " + target + " dropped: " + file.source() + " no longer has "
                        + (catalog.resources().contains(target) ? "an entry or a resource=\"*\" entry for it"
                                : "a compartment of that name, and no installed bundle declares a resource of that name"));
                continue;
            }
            SchedulerSpec parent = base == cpu ? null : base.parent() == null ? cpu : compartments.get(base.parent());
            SchedulerSpec spec = base;
            for (Map.Entry<String, String> f : e.getValue().entrySet()) {
                try {
                    spec = with(spec, f.getKey(), f.getValue(), base == cpu, compartments.containsKey(target), parent, file,
                            catalog, e.getValue());
                    kept.put(target, Map.of(f.getKey(), f.getValue()));
                } catch (IllegalArgumentException x) {
                    reports.add("persisted edit " + target + " " + f.getKey() + "=" + f.getValue() + " dropped: " + x.getMessage());
                }
            }
            if (base == cpu) {
                cpu = spec;
            } else if (compartments.containsKey(target)) {
                compartments.put(target, spec);
            } else {
                resources.put(target, spec);
            }
        }
        keepChildrenWithin(file, compartments, resources, kept, reports);
        List<SchedulerSpec> ordered = new ArrayList<>(resources.values());
        ordered.sort(java.util.Comparator.comparing((SchedulerSpec s) -> s.resource().equals(SchedulerSpec.DEFAULT)));
        SchedulerConfig effective = new SchedulerConfig(file.source(), file.cores(), cpu, new ArrayList<>(compartments.values()),
                ordered, file.fallback());
        return new Applied(effective, kept, reports);
    }

    /**
     * A compartment's persisted cores must still hold its children (as the file or the overlay place
     * them); where they do not, the compartment keeps the file's cores and the edit is dropped.
     */
    private static void keepChildrenWithin(SchedulerConfig file, Map<String, SchedulerSpec> compartments,
            Map<String, SchedulerSpec> resources, GridOverlay kept, List<String> reports) {
        for (SchedulerSpec original : file.compartments()) {
            SchedulerSpec now = compartments.get(original.resource());
            if (now.cores().equals(original.cores())) {
                continue;
            }
            List<String> outside = new ArrayList<>();
            for (SchedulerSpec child : concat(compartments.values(), resources.values())) {
                if (original.resource().equals(child.parent())
                        && child.cores().stream().anyMatch(c -> now.cores().stream().noneMatch(p -> p == c))) {
                    outside.add(child.resource());
                }
            }
            if (!outside.isEmpty()) {
                compartments.put(original.resource(), now.withCores(original.cores()));
                kept.edits.getOrDefault(original.resource(), new LinkedHashMap<>()).remove("cores");
                reports.add("persisted edit " + original.resource() + " cores=" + now.cores() + " dropped: it would leave "
                        + outside + " outside the compartment");
            }
        }
    }

    private static List<SchedulerSpec> concat(java.util.Collection<SchedulerSpec> a, java.util.Collection<SchedulerSpec> b) {
        List<SchedulerSpec> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static SchedulerSpec with(SchedulerSpec spec, String field, String value, boolean cpu, boolean compartment,
            SchedulerSpec parent, SchedulerConfig file, GridCatalog catalog, Map<String, String> all) {
        switch (field) {
            case "scheduler" -> {
                if (!catalog.schedulers().contains(value)) {
                    throw new IllegalArgumentException("no installed bundle declares scheduler \"" + value + "\"");
                }
                return spec.withScheduler(value, GridEditor.parseParameters(all.getOrDefault("parameters", "")));
            }
            case "parameters" -> {
                return spec.withScheduler(spec.scheduler(), GridEditor.parseParameters(value));
            }
            case "metric" -> {
                return spec.withMetric(Metric.of(value));
            }
            case "cores" -> {
                if (cpu) {
                    throw new IllegalArgumentException("the CPU scheduler's cores are fixed by the file");
                }
                CoreSet set = CoreSet.parse(value, file.cores());
                if (set.stream().anyMatch(c -> parent.cores().stream().noneMatch(p -> p == c))) {
                    throw new IllegalArgumentException("\"" + value + "\" leaves its parent's cores \"" + parent.cores() + "\"");
                }
                return spec.withCores(set);
            }
            case "cpushare" -> {
                long share = Long.parseLong(value.trim());
                if (cpu || share < 1) {
                    throw new IllegalArgumentException(cpu ? "the CPU scheduler holds no share" : "cpushare below 1");
                }
                return spec.withCpushare(share);
            }
            case "batch" -> {
                int batch = Integer.parseInt(value.trim());
                if (compartment || batch < 1 || batch > 1024) {
                    throw new IllegalArgumentException(compartment ? "a compartment has no batch" : "batch not from 1 to 1024");
                }
                return spec.withBatch(batch);
            }
            default -> throw new IllegalArgumentException("unknown field");
        }
    }
}
