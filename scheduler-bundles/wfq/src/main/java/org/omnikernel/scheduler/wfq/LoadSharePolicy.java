package org.omnikernel.scheduler.wfq;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.omnikernel.okrt.scheduler.LoadShareRequest;

/**
 * Which core takes an affinity label on a route miss or an expired mapping (the seed's
 * {@code load_share}). Scheduler parameter {@code loadshare}. Every policy reads only the
 * thread-safe {@link CoreFigures}, because {@code loadShare} runs on any sending thread.
 *
 * <p>Per-core WFQ shares a core in proportion to the weights of the clients on that core; how the
 * activities' labels spread over the cores decides the shares across cores.
 */
enum LoadSharePolicy {

    /**
     * The seed's Fig 3.3: the core whose scheduler VFT is lowest — the core whose clients have been
     * served least per unit of weight. Ties (at boot every core is at 0) go to the core with fewest
     * clients, then to the previous core, then to the lowest index. Ignores locality, and remembers
     * service since boot: a core that idled for long attracts new labels until it has caught up.
     */
    LEAST_UTILIZED("least-utilized") {
        @Override
        int choose(LoadShareRequest request, CoreFigures figures) {
            int n = cores(request, figures);
            int best = -1;
            double bestVft = 0;
            int bestClients = 0;
            for (int c = 0; c < n; c++) {
                double v = figures.schedulerVft(c);
                int k = figures.clients(c);
                boolean better = best < 0 || v < bestVft
                        || (v == bestVft && (k < bestClients || (k == bestClients && c == request.previous())));
                if (better) {
                    best = c;
                    bestVft = v;
                    bestClients = k;
                }
            }
            return best;
        }
    },

    /**
     * Locality first: a label keeps its previous core; a first mapping goes to a core chosen by a
     * hash of the affinity label, so the same label always lands on the same core and many labels
     * spread evenly. Blind to load.
     */
    AFFINITY_STICKY("affinity-sticky") {
        @Override
        int choose(LoadShareRequest request, CoreFigures figures) {
            int n = cores(request, figures);
            if (request.previous() >= 0 && request.previous() < n) {
                return request.previous();
            }
            return hashCore(request.affinity(), n);
        }
    },

    /**
     * The core with the fewest clients (request queues or child schedulers), preferring the previous
     * core on a tie, then the lowest index; as round robin does.
     */
    FEWEST_CLIENTS("fewest-clients") {
        @Override
        int choose(LoadShareRequest request, CoreFigures figures) {
            int n = cores(request, figures);
            int best = request.previous() >= 0 && request.previous() < n ? request.previous() : 0;
            int fewest = figures.clients(best);
            for (int c = 0; c < n; c++) {
                int k = figures.clients(c);
                if (k < fewest) {
                    fewest = k;
                    best = c;
                }
            }
            return best;
        }
    };

    /** The parameter's key. */
    static final String KEY = "loadshare";

    private final String label;

    LoadSharePolicy(String label) {
        this.label = label;
    }

    /**
     * Chooses a core. Called by: {@link WfqScheduler#loadShare}, on any sending thread.
     *
     * @param request the label, the activity, the core count and the previous core
     * @param figures the per-core figures, read racily
     * @return a core index from 0 to the core count minus one
     */
    abstract int choose(LoadShareRequest request, CoreFigures figures);

    /** @return the policy's name in configurations */
    String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    /**
     * The core an affinity label hashes to under {@link #AFFINITY_STICKY}: the SplitMix64 finalizer,
     * so that labels that are multiples of the core count (pointers, counters) still spread.
     *
     * @param affinity the affinity label
     * @param cores    the number of cores, at least 1
     * @return the core index
     */
    static int hashCore(long affinity, int cores) {
        long z = affinity + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) Long.remainderUnsigned(z, cores);
    }

    private static int cores(LoadShareRequest request, CoreFigures figures) {
        return Math.max(1, Math.min(request.cores(), figures.cores()));
    }

    /** @return the valid names, comma-separated, for messages */
    static String valid() {
        return Arrays.stream(values()).map(LoadSharePolicy::label).collect(Collectors.joining(", "));
    }

    /**
     * @param value the parameter's value, or null for the default
     * @return the policy
     * @throws IllegalArgumentException naming the key, the value and the valid policies
     */
    static LoadSharePolicy parse(String value) {
        if (value == null) {
            return LEAST_UTILIZED;
        }
        for (LoadSharePolicy p : values()) {
            if (p.label.equals(value.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("parameter " + KEY + "=\"" + value + "\" is not a load-share policy; valid: " + valid());
    }
}
