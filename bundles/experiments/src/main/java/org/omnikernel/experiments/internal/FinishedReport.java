package org.omnikernel.experiments.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.omnikernel.experiments.ExperimentReport;

/**
 * An {@link ExperimentReport} of a run that has finished, either way; immutable.
 *
 * @param name            the experiment's name
 * @param state           {@value ExperimentReport#DONE} or {@value ExperimentReport#FAILED}
 * @param summary         what was measured, or empty
 * @param error           why it failed, or empty
 * @param outputDirectory the absolute output directory
 * @param figures         the figures, or empty
 */
record FinishedReport(String name, String state, String summary, String error, String outputDirectory,
        Map<String, Double> figures) implements ExperimentReport {

    /**
     * @param name            the experiment's name
     * @param state           done or failed
     * @param summary         what was measured
     * @param error           why it failed
     * @param outputDirectory where the files are
     * @param figures         the figures; copied
     */
    FinishedReport {
        figures = Map.copyOf(figures);
    }

    /**
     * @param name    the experiment's name
     * @param error   why it failed
     * @param out     where its files would have gone
     * @return the report of a failed run
     */
    static FinishedReport failed(String name, String error, String out) {
        return new FinishedReport(name, FAILED, "", error, out, Map.of());
    }

    /** @return the service properties a launcher reads */
    Dictionary<String, Object> serviceProperties() {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(NAME, name);
        p.put(STATE, state);
        p.put(SUMMARY, summary);
        p.put(ERROR, error);
        p.put(OUT, outputDirectory);
        return p;
    }
}
