package org.omnikernel.okrt.internal.osgi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.omnikernel.okrt.grid.EditOutcome;
import org.omnikernel.okrt.grid.GridAdmin;
import org.omnikernel.okrt.grid.GridEdit;
import org.omnikernel.okrt.grid.GridEditException;
import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.okrt.internal.StatisticsFormatter;

/**
 * Gogo commands {@code okrt:stats}, {@code okrt:top}, {@code okrt:grid}, {@code okrt:swap},
 * {@code okrt:share}, {@code okrt:set}, {@code okrt:export} and {@code okrt:import}.
 * Plain methods: Gogo finds them by the {@code osgi.command.function} service property, so OKRT does
 * not depend on Gogo. Every edit goes through {@link GridAdmin}, so the shell, the HTTP API and the
 * console share one set of checks. Bad input comes back as {@code refused: <why> (field <field>)}; nothing
 * changes then.
 */
public final class KernelCommands {

    /** The functions registered under the {@code okrt} scope. */
    static final String[] FUNCTIONS = {"stats", "top", "grid", "swap", "share", "set", "export", "import"};

    private static final long EDIT_WAIT_SECONDS = 10;

    private final Kernel kernel;
    private final GridAdmin admin;

    KernelCommands(Kernel kernel, GridAdmin admin) {
        this.kernel = kernel;
        this.admin = admin;
    }

    /** @return the statistics snapshot (seed §5.3) as tables */
    public String stats() {
        return StatisticsFormatter.format(kernel.statistics());
    }

    /** @return the running grid as a tree: schedulers, their live policies and shares, resources, paths */
    public String grid() {
        return admin.snapshot().dump();
    }

    /**
     * {@code okrt:top}: what each activity used over the next second, busiest first.
     *
     * @return the table
     */
    public String top() {
        var before = kernel.statistics();
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
        return org.omnikernel.okrt.internal.TopFormatter.format(before, kernel.statistics());
    }

    /** @return the running grid, live changes included, as schedulerconfig XML */
    public String export() {
        return admin.exportXml();
    }

    /**
     * Hot-swaps a scheduler: {@code okrt:swap resource.tcp propshare.wfq loadshare=affinity-sticky}.
     *
     * @param name       a resource, a compartment, or {@code okrt.cpu}
     * @param scheduler  the new scheduler's name
     * @param parameters scheduler parameters as {@code key=value}
     * @return what happened, with the longest core pause
     */
    public String swap(String name, String scheduler, String... parameters) {
        Map<String, String> p;
        try {
            p = keyValues(parameters);
        } catch (GridEditException e) {
            return refused(e);
        }
        String answer = apply(new GridEdit.Swap(name, scheduler, p));
        return answer.startsWith("refused") || answer.startsWith("failed") ? answer
                : name + " now runs under " + scheduler + "; " + answer;
    }

    /**
     * Changes a resource's or compartment's share at its parent scheduler: {@code okrt:share resource.tcp 5000}.
     *
     * @param name     a resource or compartment
     * @param cpushare the new share
     * @return what happened
     */
    public String share(String name, long cpushare) {
        return apply(new GridEdit.SetCpuShare(name, cpushare));
    }

    /**
     * {@code okrt:set <target> <cores|cpushare|metric|batch> <value>}, or
     * {@code okrt:set activity <id> key=value ...}.
     *
     * @param target a resource, a compartment, {@code okrt.cpu}, or {@code activity}
     * @param field  what to change, or the activity's id
     * @param values the new value, or the activity's parameters
     * @return what happened
     */
    public String set(String target, String field, String... values) {
        try {
            if (target.equals("activity")) {
                return apply(new GridEdit.SetActivityParameters(field, keyValues(values)));
            }
            if (values.length != 1) {
                throw new GridEditException(field, "write one value: okrt:set " + target + " " + field + " <value>");
            }
            String v = values[0];
            return apply(switch (field) {
                case "cores" -> new GridEdit.SetCores(target, v);
                case "cpushare" -> new GridEdit.SetCpuShare(target, number("cpushare", v));
                case "metric" -> new GridEdit.SetMetric(target, v);
                case "batch" -> new GridEdit.SetBatch(target, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                        number("batch", v))));
                default -> throw new GridEditException("field", "\"" + field + "\" cannot be set; valid: cores, cpushare, "
                        + "metric, batch, or okrt:set activity <id> key=value ...");
            });
        } catch (GridEditException e) {
            return refused(e);
        }
    }

    /**
     * {@code okrt:import <file>}: makes the running grid match a schedulerconfig file. Gogo maps a
     * command named by a Java keyword to the method of that name with a leading underscore.
     *
     * @param file the file
     * @return what changed
     */
    public String _import(String file) {
        String xml;
        try {
            xml = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "refused: cannot read " + file + ": " + e.getMessage() + " (field file)";
        }
        return apply(new GridEdit.Import(file, xml));
    }

    private String apply(GridEdit edit) {
        try {
            EditOutcome o = admin.apply(edit).toCompletableFuture().get(EDIT_WAIT_SECONDS, TimeUnit.SECONDS);
            return o.description() + "; longest core pause " + o.longestCorePauseNanos() / 1000 + " us";
        } catch (GridEditException e) {
            return refused(e);
        } catch (ExecutionException e) {
            return e.getCause() instanceof GridEditException g ? refused(g) : "failed: " + e.getCause();
        } catch (TimeoutException e) {
            return "failed: the cores did not apply it within " + EDIT_WAIT_SECONDS + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "failed: interrupted";
        }
    }

    private static String refused(GridEditException e) {
        return "refused: " + e.getMessage() + " (field " + e.field() + ")";
    }

    private static long number(String field, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new GridEditException(field, "\"" + text + "\" is not a whole number");
        }
    }

    private static Map<String, String> keyValues(String[] words) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 1) {
                throw new GridEditException("parameters", "\"" + w + "\" is not a parameter; write key=value");
            }
            m.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return m;
    }
}
