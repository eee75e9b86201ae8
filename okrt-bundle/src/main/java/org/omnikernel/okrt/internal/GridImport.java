package org.omnikernel.okrt.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.omnikernel.okrt.config.ConfigException;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfig;
import org.omnikernel.okrt.config.SchedulerConfigParser;
import org.omnikernel.okrt.config.SchedulerSpec;
import org.omnikernel.okrt.grid.GridEdit;
import org.omnikernel.okrt.grid.GridEditException;

/**
 * Plans an import: makes the running grid match a {@code schedulerconfig} document. The document is
 * parsed and checked against the catalog (as at boot), then compared with the running grid target by
 * target; every difference becomes a {@link GridEditor.Plan}, and every plan is checked before the
 * first one is applied. Structure that cannot change live — the cores the kernel runs, compartments
 * added, removed or re-parented, a resource moved between compartments, client parameters, the
 * fallback — refuses the whole document, naming what differs.
 */
final class GridImport {

    private final Kernel kernel;
    private final GridEditor editor;
    private final GridCatalog catalog;

    GridImport(Kernel kernel, GridEditor editor, GridCatalog catalog) {
        this.kernel = kernel;
        this.editor = editor;
        this.catalog = catalog;
    }

    /**
     * @param edit the import
     * @return the checked plans, CPU scheduler first, then compartments, then resources
     * @throws GridEditException field {@code xml} for a document that is malformed, invalid or
     *                           changes structure; another field when a plan is refused
     */
    List<GridEditor.Plan> plan(GridEdit.Import edit) {
        String source = edit.source() == null || edit.source().isBlank() ? "imported document" : edit.source();
        if (edit.xml() == null || edit.xml().isBlank()) {
            throw new GridEditException("xml", source + ": empty document");
        }
        SchedulerConfig doc;
        try {
            doc = new SchedulerConfigParser(catalog, kernel.config().cores())
                    .parse(new ByteArrayInputStream(edit.xml().getBytes(StandardCharsets.UTF_8)), source);
        } catch (ConfigException e) {
            throw new GridEditException("xml", e.getMessage());
        }
        SchedulerConfig running = kernel.runningConfig();
        structure(doc, running, source);

        List<GridEditor.Plan> plans = new ArrayList<>();
        plans.add(editor.plan(editor.host(SchedulerSpec.CPU), running.cpu().withScheduler(doc.cpu().scheduler(),
                doc.cpu().parameters()).withMetric(doc.cpu().metric()).withBatch(doc.cpu().batch()), "xml"));
        for (SchedulerSpec c : doc.compartments()) {
            SchedulerHost h = editor.host(c.resource());
            plans.add(editor.plan(h, h.spec.withScheduler(c.scheduler(), c.parameters()).withMetric(c.metric())
                    .withCores(c.cores()).withCpushare(c.cpushare()), "xml"));
        }
        Optional<SchedulerSpec> star = doc.resources().stream().filter(r -> r.resource().equals(SchedulerSpec.DEFAULT)).findFirst();
        for (ResourceEntry r : kernel.held()) {
            Optional<SchedulerSpec> own = doc.resources().stream().filter(s -> s.resource().equals(r.name())).findFirst();
            SchedulerSpec want;
            if (own.isPresent()) {
                want = own.get();
            } else if (star.isPresent()) {
                // governed by "*": the kernel default batch (okrt.cpu's plan above) moves its batch
                want = star.get().forResource(r.name()).withBatch(r.host.spec.batch());
            } else {
                throw new GridEditException("xml", source + ": neither names attached resource " + r.name()
                        + " nor has a resource=\"*\" entry; detaching a resource is not a grid edit");
            }
            if (!Objects.equals(want.parent(), r.host.spec.parent())) {
                throw new GridEditException("xml", source + (want.line() > 0 ? ":" + want.line() : "") + ": moves " + r.name()
                        + " from " + parentName(r.host.spec.parent()) + " to " + parentName(want.parent())
                        + "; a resource changes compartment only at boot");
            }
            if (!want.clientParameters().equals(r.host.spec.clientParameters())) {
                throw new GridEditException("xml", source + (want.line() > 0 ? ":" + want.line() : "") + ": changes the "
                        + "clientparams of " + r.name() + " from " + r.host.spec.clientParameters() + " to "
                        + want.clientParameters() + "; only cpushare changes live");
            }
            SchedulerHost h = r.host;
            plans.add(editor.plan(h, h.spec.withScheduler(want.scheduler(), want.parameters()).withMetric(want.metric())
                    .withCores(want.cores()).withCpushare(want.cpushare()).withBatch(want.batch()), "xml"));
        }
        for (SchedulerSpec s : doc.resources()) {
            if (kernel.hostOrNull(s.resource()) == null) {
                plans.add(configured(s));
            }
        }
        return plans;
    }

    /** The document's structure must be the running one's. */
    private void structure(SchedulerConfig doc, SchedulerConfig running, String source) {
        if (doc.cores() != running.cores()) {
            throw new GridEditException("xml", source + ": runs " + doc.cores() + " cores where the kernel runs "
                    + running.cores() + "; the kernel's cores change only at boot");
        }
        if (!doc.cpu().cores().equals(running.cpu().cores())) {
            throw new GridEditException("xml", source + (doc.cpu().line() > 0 ? ":" + doc.cpu().line() : "")
                    + ": cpuscheduler/@core \"" + doc.cpu().cores() + "\" differs from the running \"" + running.cpu().cores()
                    + "\"; the kernel's dispatch loops change only at boot");
        }
        if (!doc.fallback().equals(running.fallback())) {
            throw new GridEditException("xml", source + ": fallback \"" + doc.fallback() + "\" differs from the running \""
                    + running.fallback() + "\"; it changes only at boot");
        }
        Map<String, String> want = parents(doc.compartments());
        Map<String, String> have = parents(running.compartments());
        if (!want.equals(have)) {
            List<String> added = want.keySet().stream().filter(k -> !have.containsKey(k)).toList();
            List<String> removed = have.keySet().stream().filter(k -> !want.containsKey(k)).toList();
            List<String> moved = want.keySet().stream().filter(k -> have.containsKey(k) && !Objects.equals(want.get(k), have.get(k)))
                    .toList();
            throw new GridEditException("xml", source + ": changes the compartments (added " + added + ", removed " + removed
                    + ", re-parented " + moved + "); compartments are created and removed only at boot");
        }
        for (SchedulerSpec c : doc.compartments()) {
            SchedulerSpec now = running.compartments().stream().filter(x -> x.resource().equals(c.resource())).findFirst()
                    .orElseThrow();
            if (!c.clientParameters().equals(now.clientParameters())) {
                throw new GridEditException("xml", source + (c.line() > 0 ? ":" + c.line() : "") + ": changes the clientparams of "
                        + "compartment " + c.resource() + "; only cpushare changes live");
            }
        }
    }

    private static Map<String, String> parents(List<SchedulerSpec> compartments) {
        Map<String, String> out = new LinkedHashMap<>();
        for (SchedulerSpec c : compartments) {
            out.put(c.resource(), c.parent() == null ? SchedulerSpec.CPU : c.parent());
        }
        return out;
    }

    private static String parentName(String parent) {
        return parent == null ? "the CPU scheduler" : "compartment " + parent;
    }

    /** A plan for a resource that is not attached (or {@code *}): its entry is used when it attaches. */
    private GridEditor.Plan configured(SchedulerSpec s) {
        Optional<SchedulerSpec> now = s.resource().equals(SchedulerSpec.DEFAULT) ? kernel.defaultEntry()
                : kernel.configuredFor(s.resource());
        Map<String, String> fields = new LinkedHashMap<>();
        if (now.isEmpty() || !now.get().scheduler().equals(s.scheduler()) || !now.get().parameters().equals(s.parameters())) {
            fields.put("scheduler", s.scheduler());
            fields.put("parameters", GridEditor.formatParameters(s.parameters()));
        }
        if (now.isEmpty() || !now.get().metric().equals(s.metric())) {
            fields.put("metric", s.metric().name());
        }
        if (now.isEmpty() || !now.get().cores().equals(s.cores())) {
            fields.put("cores", s.cores().spec());
        }
        if (now.isEmpty() || now.get().cpushare() != s.cpushare()) {
            fields.put("cpushare", Long.toString(s.cpushare()));
        }
        if (!s.resource().equals(SchedulerSpec.DEFAULT) && (now.isEmpty() || now.get().batch() != s.batch())) {
            fields.put("batch", Integer.toString(s.batch()));
        }
        return new GridEditor.Plan() {
            @Override
            public String target() {
                return s.resource();
            }

            @Override
            public Map<String, String> fields() {
                return fields;
            }

            @Override
            public CompletionStage<CorePause> apply() {
                if (!fields.isEmpty()) {
                    kernel.configure(s);
                }
                return CompletableFuture.completedFuture(CorePause.NONE);
            }
        };
    }
}
