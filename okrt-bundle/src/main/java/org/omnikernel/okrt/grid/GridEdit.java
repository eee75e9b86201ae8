package org.omnikernel.okrt.grid;

import java.util.Map;

/**
 * One change to the running grid. A target names a resource, a compartment, or {@code okrt.cpu}
 * for the CPU scheduler.
 */
public sealed interface GridEdit {

    /** @return the resource, compartment, {@code okrt.cpu} or activity id the edit changes */
    String target();

    /**
     * Replaces the target's scheduler (hot swap): clients and their parameters carry over, no message
     * is lost or reordered within a dependency label.
     *
     * @param target     a resource, compartment or {@code okrt.cpu}
     * @param scheduler  the new scheduler's registered name, e.g. {@code propshare.wfq}
     * @param parameters its scheduler parameters
     */
    record Swap(String target, String scheduler, Map<String, String> parameters) implements GridEdit {
        /** Copies the parameters. */
        public Swap {
            parameters = Map.copyOf(parameters);
        }
    }

    /**
     * Moves the target's scheduler to other cores (seed §3.1.7.1).
     *
     * @param target a resource or compartment
     * @param cores  a core set as in the XML: {@code 0-?}, {@code 1}, {@code 0,2-3}
     */
    record SetCores(String target, String cores) implements GridEdit {
    }

    /**
     * Changes the target's share at its parent scheduler.
     *
     * @param target   a resource or compartment
     * @param cpushare the new share, at least 1
     */
    record SetCpuShare(String target, long cpushare) implements GridEdit {
    }

    /**
     * Changes the metric the target's scheduler shares by.
     *
     * @param target a resource or compartment
     * @param metric a metric the resource reports: {@code cpu}, {@code memory}, {@code nbytes}, …
     */
    record SetMetric(String target, String metric) implements GridEdit {
    }

    /**
     * Changes how many messages the target's scheduler may run per dispatch (batching factor, §5.8).
     *
     * @param target a resource, or {@code okrt.cpu} for the kernel default
     * @param batch  at least 1
     */
    record SetBatch(String target, int batch) implements GridEdit {
    }

    /**
     * Changes an activity's parameters (for example its {@code share} at proportional-share
     * schedulers); every scheduler that serves it sees {@code updateClient}.
     *
     * @param target     the activity's id, in decimal
     * @param parameters the parameters to set; others stay
     */
    record SetActivityParameters(String target, Map<String, String> parameters) implements GridEdit {
        /** Copies the parameters. */
        public SetActivityParameters {
            parameters = Map.copyOf(parameters);
        }
    }

    /**
     * Makes the running grid match a {@code schedulerconfig} document: swaps, cores, shares, metrics
     * and batching where they differ. The whole document is checked before anything changes.
     *
     * @param source names the document in errors, e.g. a file name
     * @param xml    the document
     */
    record Import(String source, String xml) implements GridEdit {
        /** @return the grid as a whole */
        @Override
        public String target() {
            return "grid";
        }
    }
}
