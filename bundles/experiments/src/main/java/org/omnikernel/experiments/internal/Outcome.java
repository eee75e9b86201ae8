package org.omnikernel.experiments.internal;

import java.util.Map;

/** What an experiment run produced, as the texts of its files and its figures. */
interface Outcome {

    /** @return the plot's file name, such as {@code e1.svg} */
    String plotFile();

    /** @return the text of {@code samples.csv} */
    String samplesCsv();

    /** @return the plot, an SVG document */
    String plotSvg();

    /** @return the text of {@code summary.json} */
    String summaryJson();

    /** @return the result in a few lines, for the launcher and the report service */
    String summaryText();

    /** @return the figures of {@link org.omnikernel.experiments.ExperimentReport#figures()} */
    Map<String, Double> figures();
}
