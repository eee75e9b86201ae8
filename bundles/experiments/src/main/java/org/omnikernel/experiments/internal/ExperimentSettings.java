package org.omnikernel.experiments.internal;

import java.nio.file.Path;
import java.util.function.Function;

import org.omnikernel.experiments.ExperimentReport;

/**
 * How to run an experiment, read from framework properties (see {@link ExperimentReport} for their
 * names). Every bad value is refused with the property's name, the value and what is allowed.
 *
 * @param experiment    the experiment's name
 * @param seconds       how many one-second samples to take
 * @param warmupSeconds seconds of load before the first sample
 * @param out           the absolute output directory
 * @param exitWhenDone  whether to stop the framework once the report is registered
 * @param sliceMicros   how long one BURN message spins, in µs
 * @param grid          the schedulerconfig file the kernel booted with, or null for OKRT's built-in one
 * @param mode          {@value RunDescription#PROCESSES} (threads of real processes) or {@value RunDescription#SYNTHETIC}
 * @param files         E4: files per process
 * @param fileKib       E4: KiB per file
 */
record ExperimentSettings(String experiment, int seconds, double warmupSeconds, Path out, boolean exitWhenDone,
        long sliceMicros, String grid, String mode, int files, int fileKib) {

    /** Framework property: E4's files per process (default {@value #DEFAULT_FILES}). */
    static final String FILES_PROPERTY = "omnikernel.experiment.files";
    /** Framework property: E4's KiB per file (default {@value #DEFAULT_FILE_KIB}). */
    static final String FILE_KIB_PROPERTY = "omnikernel.experiment.file.kib";
    /** E4's files per process by default: a quarter of the seed's 32 (making those takes long on the modelled disk). */
    static final int DEFAULT_FILES = 8;
    /** E4's KiB per file by default: the seed's 2 MB. */
    static final int DEFAULT_FILE_KIB = 2048;

    /** Framework property: the mode, {@value RunDescription#PROCESSES} (default) or {@value RunDescription#SYNTHETIC}. */
    static final String MODE_PROPERTY = "omnikernel.experiment.mode";

    /** Framework property: how long one BURN message spins, in µs (default 50). */
    static final String SLICE_PROPERTY = "omnikernel.experiment.slice.us";
    /** Framework property naming the grid OKRT booted with (OKRT's own). */
    static final String CONFIG_PROPERTY = "omnikernel.config";
    /** Samples taken when {@value ExperimentReport#SECONDS_PROPERTY} is not set. */
    static final int DEFAULT_SECONDS = 30;
    /** The longest run, in samples: a day. */
    static final int MAX_SECONDS = 86_400;
    /** Warm-up when {@value ExperimentReport#WARMUP_PROPERTY} is not set. */
    static final double DEFAULT_WARMUP_SECONDS = 2;
    /** Slice when {@value #SLICE_PROPERTY} is not set. */
    static final long DEFAULT_SLICE_MICROS = 50;

    /**
     * @param experiment the experiment's name, from {@value ExperimentReport#EXPERIMENT_PROPERTY}
     * @param property   looks a framework property up; null when not set
     * @return the settings
     * @throws IllegalArgumentException naming the property, its value and the allowed range
     */
    static ExperimentSettings from(String experiment, Function<String, String> property) {
        int seconds = (int) whole(property, ExperimentReport.SECONDS_PROPERTY, DEFAULT_SECONDS, 1, MAX_SECONDS);
        double warmup = decimal(property, ExperimentReport.WARMUP_PROPERTY, DEFAULT_WARMUP_SECONDS, 0, 600);
        long slice = whole(property, SLICE_PROPERTY, DEFAULT_SLICE_MICROS, 1, 100_000);
        String out = property.apply(ExperimentReport.OUT_PROPERTY);
        Path dir = (out == null || out.isBlank() ? Path.of("experiments-out", experiment) : Path.of(out.trim()))
                .toAbsolutePath().normalize();
        String grid = property.apply(CONFIG_PROPERTY);
        String mode = property.apply(MODE_PROPERTY);
        mode = mode == null || mode.isBlank() ? RunDescription.PROCESSES : mode.trim();
        if (!mode.equals(RunDescription.PROCESSES) && !mode.equals(RunDescription.SYNTHETIC)) {
            throw new IllegalArgumentException(MODE_PROPERTY + "=\"" + mode + "\" is not a mode; valid: "
                    + RunDescription.PROCESSES + " (default), " + RunDescription.SYNTHETIC);
        }
        int files = (int) whole(property, FILES_PROPERTY, DEFAULT_FILES, 1, 1000);
        int fileKib = (int) whole(property, FILE_KIB_PROPERTY, DEFAULT_FILE_KIB, 4, 64 * 1024);
        return new ExperimentSettings(experiment, seconds, warmup, dir, exitWhenDone(property), slice,
                grid == null || grid.isBlank() ? null : grid.trim(), mode, files, fileKib);
    }

    /**
     * @param property looks a framework property up
     * @return whether {@value ExperimentReport#EXIT_PROPERTY} is {@code true}
     */
    static boolean exitWhenDone(Function<String, String> property) {
        return Boolean.parseBoolean(String.valueOf(property.apply(ExperimentReport.EXIT_PROPERTY)).trim());
    }

    /** @return the slice in ns */
    long sliceNanos() {
        return sliceMicros * 1000;
    }

    private static long whole(Function<String, String> property, String key, long fallback, long min, long max) {
        String value = property.apply(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(value.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + "=\"" + value + "\" is not a whole number from " + min + " to " + max);
    }

    private static double decimal(Function<String, String> property, String key, double fallback, double min,
            double max) {
        String value = property.apply(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(value.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + "=\"" + value + "\" is not a number of seconds from " + min + " to "
                + max);
    }
}
