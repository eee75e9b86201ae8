package org.omnikernel.experiments.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a run's files into its output directory: {@value #SAMPLES}, the plot ({@code <name>.svg})
 * and {@value #SUMMARY}. Each file is written beside its final name and then moved into place, so that a
 * reader never sees half a file.
 */
final class OutputFiles {

    /** The 1 Hz samples. */
    static final String SAMPLES = "samples.csv";
    /** The summary. */
    static final String SUMMARY = "summary.json";

    private OutputFiles() {
    }

    /**
     * @param dir     the output directory; created when missing
     * @param outcome the run
     * @return the files written
     * @throws IOException when the directory or a file cannot be written
     */
    static List<Path> write(Path dir, Outcome outcome) throws IOException {
        Files.createDirectories(dir);
        Path samples = put(dir.resolve(SAMPLES), outcome.samplesCsv());
        Path plot = put(dir.resolve(outcome.plotFile()), outcome.plotSvg());
        Path summary = put(dir.resolve(SUMMARY), outcome.summaryJson());
        return List.of(samples, plot, summary);
    }

    private static Path put(Path file, String text) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
