package org.omnikernel.okrt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfigWriter;
import org.omnikernel.okrt.grid.EditOutcome;
import org.omnikernel.okrt.grid.GridAdmin;
import org.omnikernel.okrt.grid.GridEdit;
import org.omnikernel.okrt.grid.GridEditException;
import org.omnikernel.okrt.grid.GridSnapshot;
import org.omnikernel.okrt.grid.GridSnapshot.DeviceView;

/**
 * OKRT's {@link GridAdmin}: snapshots built from the running kernel and a {@link GridSampler}, edits
 * checked by {@link GridEditor} (imports by {@link GridImport}) and, once applied, handed to a
 * {@link Journal} that keeps them across restarts.
 *
 * <p>Edits are checked and started one at a time (this object's monitor), so two front ends editing
 * at once see each other's edits in the checks; the cores apply them asynchronously.
 */
public final class GridAdminImpl implements GridAdmin, AutoCloseable {

    /** Keeps applied scheduler edits, so that they survive a restart. */
    public interface Journal {
        /** A journal that keeps nothing: edits last until the kernel stops. */
        Journal NONE = (target, fields) -> { };

        /**
         * @param target the resource, compartment, {@code okrt.cpu} or {@code *} edited
         * @param fields the fields now in force: {@code scheduler}, {@code parameters}, {@code cores},
         *               {@code cpushare}, {@code metric}, {@code batch}
         */
        void applied(String target, Map<String, String> fields);
    }

    /** Default sampling interval for rates. */
    public static final long DEFAULT_SAMPLE_MILLIS = 1000;

    private final Kernel kernel;
    private final GridEditor editor;
    private final Supplier<GridCatalog> catalog;
    private final Supplier<List<DeviceView>> devices;
    private final Journal journal;
    private final GridSampler sampler;

    /**
     * @param kernel         the running kernel
     * @param schedulerNames schedulers available now, for messages
     * @param catalog        the names installed bundles declare, to check imported documents
     * @param devices        the devices to show (the HAL's device registry); empty until there is one
     * @param journal        where applied edits are kept
     * @param sampleMillis   the sampling interval of rates
     */
    public GridAdminImpl(Kernel kernel, Supplier<Set<String>> schedulerNames, Supplier<GridCatalog> catalog,
            Supplier<List<DeviceView>> devices, Journal journal, long sampleMillis) {
        this.kernel = kernel;
        this.editor = new GridEditor(kernel, schedulerNames);
        this.catalog = catalog;
        this.devices = devices;
        this.journal = journal;
        this.sampler = new GridSampler(kernel::sample, sampleMillis);
    }

    @Override
    public GridSnapshot snapshot() {
        return GridView.build(kernel, sampler.lastInterval(), devices.get());
    }

    @Override
    public String exportXml() {
        return SchedulerConfigWriter.write(kernel.runningConfig());
    }

    @Override
    public synchronized CompletionStage<EditOutcome> apply(GridEdit edit) {
        if (edit == null) {
            throw new GridEditException("target", "no edit given");
        }
        if (edit instanceof GridEdit.SetActivityParameters a) {
            return activity(a);
        }
        List<GridEditor.Plan> plans = edit instanceof GridEdit.Import i
                ? new GridImport(kernel, editor, catalog.get()).plan(i)
                : List.of(editor.check(edit));
        return run(edit, plans, true);
    }

    /**
     * Applies persisted edits at boot or when Config Admin appears: the same checks, but not journalled
     * again.
     *
     * @param edit the edit
     * @return as {@link #apply}
     */
    public synchronized CompletionStage<EditOutcome> restore(GridEdit edit) {
        List<GridEditor.Plan> plans = edit instanceof GridEdit.Import i
                ? new GridImport(kernel, editor, catalog.get()).plan(i)
                : List.of(editor.check(edit));
        return run(edit, plans, false);
    }

    private CompletionStage<EditOutcome> run(GridEdit edit, List<GridEditor.Plan> plans, boolean keep) {
        CompletionStage<CorePause> done = CompletableFuture.completedFuture(CorePause.NONE);
        List<String> changes = new ArrayList<>();
        for (GridEditor.Plan p : plans) {
            done = done.thenCompose(longest -> p.apply().thenApply(pause -> {
                if (keep && !p.fields().isEmpty()) {
                    journal.applied(p.target(), p.fields());
                }
                return longest.max(pause);
            }));
            if (!p.fields().isEmpty()) {
                changes.add(p.target() + " " + p.fields());
            }
        }
        String description = changes.isEmpty() ? "nothing to change: the grid already matches" : String.join("; ", changes);
        return done.thenApply(pause -> new EditOutcome(edit, description, pause.wallNanos()));
    }

    private CompletionStage<EditOutcome> activity(GridEdit.SetActivityParameters edit) {
        long id;
        try {
            id = Long.parseLong(edit.target() == null ? "" : edit.target().trim());
        } catch (NumberFormatException e) {
            throw new GridEditException("target", "\"" + edit.target() + "\" is not an activity id; live activities: " + liveActivities());
        }
        ActivityImpl a = kernel.activityImpl(id);
        if (a == null) {
            throw new GridEditException("target", "no live activity " + id + "; live activities: " + liveActivities());
        }
        if (edit.parameters().isEmpty()) {
            throw new GridEditException("parameters", "no parameters given; write key=value");
        }
        Parameters merged = a.parameters().merge(Parameters.of(edit.parameters()));
        CompletableFuture<EditOutcome> out = new CompletableFuture<>();
        kernel.updateActivity(a, merged).whenComplete((v, e) -> {
            if (e == null) {
                out.complete(new EditOutcome(edit, a + " now has parameters " + merged, 0));
            } else {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                out.completeExceptionally(cause instanceof IllegalArgumentException
                        ? new GridEditException("parameters", "refused for " + a + ": " + cause.getMessage()) : cause);
            }
        });
        return out;
    }

    private String liveActivities() {
        return kernel.activities().stream().map(x -> x.id() + " (" + x.name() + ")").toList().toString();
    }

    /** Stops the sampler. */
    @Override
    public void close() {
        sampler.close();
    }
}
