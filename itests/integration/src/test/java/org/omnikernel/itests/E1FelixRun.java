package org.omnikernel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.omnikernel.experiments.ExperimentReport;
import org.omnikernel.okrt.Okrt;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Experiment E1 (seed §5.4, Fig 5.1) in Felix with the real bundles: OKRT, propshare.wfq and the
 * experiments bundle, booted with the grid the distribution ships ({@code conf/experiments/e1.xml})
 * on two cores. The experiment runs for {@value #SECONDS} s; the test reads its
 * {@link ExperimentReport} service (the framework keeps running: {@code omnikernel.experiment.exit} is
 * not set) and checks the shares against 50/33.33/16.67 and the files against the report and each
 * other. A test class per mode ({@link E1InFelixIT}, {@link E1ProcessesInFelixIT}) supplies the
 * mode and its bundles; they are siblings, since Pax Exam mixes up a test class with its subclass.
 */
abstract class E1FelixRun {

    static final int SECONDS = 6;
    /** How far an activity's share over the run may be from its entitlement, in percentage points. */
    static final double TOLERANCE_PP = 2.0;
    /** Boot, the experiment's warm-up, its samples and writing its files, with room to spare. */
    static final Duration REPORT_DEADLINE = Duration.ofSeconds(SECONDS + 90);
    static final List<String> ACTIVITIES = List.of("a", "b", "c");
    static final List<Double> ENTITLEMENT = List.of(50.0, 33.33, 16.67);

    // ---- in the driving JVM --------------------------------------------------------------------

    /** @return the framework's options for this mode */
    Option[] frameworkOptions() {
        Path grid = Path.of(required("itest.grid.e1")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(grid)) {
            throw new IllegalStateException("the shipped E1 grid is missing: " + grid);
        }
        Path out = Path.of(System.getProperty("itest.workdir", "target/itest")).resolve("e1-" + mode()).toAbsolutePath();
        deleteRecursively(out); // a file left by an earlier run must not pass for this run's
        List<Option> bundles = new ArrayList<>();
        for (String key : extraBundles()) {
            bundles.add(jar(key));
        }
        return options(
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                systemProperty("omnikernel.experiment.mode").value(mode()),
                systemPackage("com.sun.management"),
                systemProperty(Itest.CONFIG_PROPERTY).value(grid.toString()),
                systemProperty("omnikernel.cores").value("2"),
                systemProperty(ExperimentReport.EXPERIMENT_PROPERTY).value("e1"),
                systemProperty(ExperimentReport.SECONDS_PROPERTY).value(Integer.toString(SECONDS)),
                systemProperty(ExperimentReport.WARMUP_PROPERTY).value("1"),
                systemProperty(ExperimentReport.OUT_PROPERTY).value(out.toString()),
                jar("component"),
                jar("promise"),
                jar("function"),
                jar("scr"),
                jar("hal"),
                jar("okrt"),
                jar("roundrobin"),
                jar("wfq"),
                jar("experiments"),
                org.ops4j.pax.exam.CoreOptions.composite(bundles.toArray(Option[]::new)),
                junitBundles());
    }

    /** @return the E1 mode this class runs */
    abstract String mode();

    /**
     * @return bundles besides the kernel's and the experiments', by {@code itest.bundle.*} key (the
     *         system-call API at least, since the experiments bundle imports it)
     */
    abstract List<String> extraBundles();

    /** @return the name prefix of the activities the run made, which must all be gone afterwards */
    abstract String activityPrefix();

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + key + " is not set; run the tests through Maven failsafe");
        }
        return value;
    }

    private static Option jar(String key) {
        String path = required("itest.bundle." + key);
        if (!new File(path).isFile()) {
            throw new IllegalStateException("itest.bundle." + key + " names no jar: " + path);
        }
        return bundle(new File(path).toURI().toString());
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- inside the framework ------------------------------------------------------------------

    /** The checks, run inside the framework. */
    void everyActivityGetsItsEntitlementAndTheFilesAgreeWithTheReport() throws Exception {
        ExperimentReport report = awaitReport();
        assertEquals("the run failed: " + report.error(), ExperimentReport.DONE, report.state());
        assertEquals("e1", report.name());
        Map<String, Double> figures = report.figures();

        List<Double> achieved = new ArrayList<>();
        for (int i = 0; i < ACTIVITIES.size(); i++) {
            String a = ACTIVITIES.get(i);
            assertEquals("entitlement of " + a + " is its exact cpushare fraction", ENTITLEMENT.get(i),
                    figures.get("entitlement." + a), 1e-9);
            double share = figures.get("achieved." + a);
            achieved.add(share);
            assertTrue(a + " achieved " + share + " %, entitled to " + ENTITLEMENT.get(i) + " %:\n" + report.summary(),
                    Math.abs(share - ENTITLEMENT.get(i)) <= TOLERANCE_PP);
        }
        assertEquals(100.0, achieved.stream().mapToDouble(Double::doubleValue).sum(), 1e-6);
        assertEquals(SECONDS, figures.get("samples"), 0);
        assertEquals(2, figures.get("cores"), 0);

        Path out = Path.of(report.outputDirectory());
        assertEquals(Path.of(System.getProperty(ExperimentReport.OUT_PROPERTY)), out);
        samplesAgreeWithTheReport(out.resolve("samples.csv"), achieved);
        summaryAgreesWithTheReport(out.resolve("summary.json"), mode(), achieved, figures);
        plotHasALinePerActivityAndSample(out.resolve("e1.svg"));

        Okrt okrt = Itest.service(Okrt.class);
        assertFalse("the experiment terminated its activities: " + okrt.activities(),
                okrt.activities().stream().anyMatch(x -> x.name().startsWith(activityPrefix())));
        assertNotNull("the kernel still runs: without omnikernel.experiment.exit the framework is not stopped",
                Itest.context().getServiceReference(Okrt.class));
    }

    /** @return the report, once the experiment has registered it */
    private static ExperimentReport awaitReport() throws InterruptedException {
        BundleContext ctx = Itest.context();
        ServiceTracker<ExperimentReport, ExperimentReport> tracker = new ServiceTracker<>(ctx, ExperimentReport.class, null);
        tracker.open();
        try {
            ExperimentReport report = tracker.waitForService(REPORT_DEADLINE.toMillis());
            if (report == null) {
                fail("no ExperimentReport within " + REPORT_DEADLINE.toSeconds() + " s");
            }
            ServiceReference<ExperimentReport> ref = tracker.getServiceReference();
            assertEquals("the service properties say what the object says", report.state(),
                    ref.getProperty(ExperimentReport.STATE));
            assertEquals(report.summary(), ref.getProperty(ExperimentReport.SUMMARY));
            return report;
        } finally {
            tracker.close();
        }
    }

    /** One row per sample; each row's shares add up to 100; the CPU columns give the report's shares. */
    private static void samplesAgreeWithTheReport(Path csv, List<Double> achieved) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("time_s,share_a,share_b,share_c,cpu_ns_a,cpu_ns_b,cpu_ns_c,unaccounted_ns,elapsed_core_ns,"
                + "descheduled_ns", lines.get(0));
        assertEquals("a row per sample: " + lines, 1 + SECONDS, lines.size());
        long[] cpu = new long[3];
        double previousTime = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertEquals(line, 10, cells.length);
            double time = Double.parseDouble(cells[0]);
            assertTrue("time goes forward by about a second: " + line, time - previousTime > 0.5 && time - previousTime < 1.5);
            previousTime = time;
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                sum += Double.parseDouble(cells[1 + i]);
                cpu[i] += Long.parseLong(cells[4 + i]);
            }
            assertEquals("shares of a sample add up to 100 %: " + line, 100.0, sum, 0.01);
            long elapsed = Long.parseLong(cells[8]);
            assertTrue("two cores ran about a second each: " + line, elapsed > 1_000_000_000L && elapsed < 3_000_000_000L);
        }
        long total = cpu[0] + cpu[1] + cpu[2];
        for (int i = 0; i < 3; i++) {
            assertEquals("the samples' CPU of " + ACTIVITIES.get(i) + " gives the reported share", achieved.get(i),
                    100.0 * cpu[i] / total, 1e-6);
        }
    }

    private static void summaryAgreesWithTheReport(Path file, String mode, List<Double> achieved,
            Map<String, Double> figures) throws IOException {
        String json = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals("\"" + mode + "\"", field(json, "mode"));
        assertEquals(Integer.toString(SECONDS), field(json, "seconds"));
        assertEquals("2", field(json, "cores"));
        assertEquals(ENTITLEMENT, numbers(field(json, "entitlement")));
        List<Double> inJson = numbers(field(json, "achieved"));
        for (int i = 0; i < 3; i++) {
            assertEquals(achieved.get(i), inJson.get(i), 1e-4);
        }
        assertEquals(figures.get("max_deviation_pp"), Double.parseDouble(field(json, "max_deviation_pp")), 1e-4);
        assertEquals(figures.get("unaccounted_fraction"), Double.parseDouble(field(json, "unaccounted_fraction")), 1e-12);
        assertTrue(json, field(json, "seed_comparison").contains("seed"));
    }

    private static void plotHasALinePerActivityAndSample(Path file) throws IOException {
        String svg = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(svg, svg.contains("<svg") && svg.trim().endsWith("</svg>"));
        Matcher lines = Pattern.compile("<polyline class=\"achieved\" data-activity=\"([a-c])\"[^>]*points=\"([^\"]*)\"")
                .matcher(svg);
        List<String> activities = new ArrayList<>();
        while (lines.find()) {
            activities.add(lines.group(1));
            assertEquals("a point per sample for " + lines.group(1), SECONDS, lines.group(2).trim().split(" ").length);
        }
        assertEquals(ACTIVITIES, activities);
        assertEquals("a dashed entitlement per activity", 3,
                Pattern.compile("<line class=\"entitlement\"").matcher(svg).results().count());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\": ([^\\n]*?),?\\n").matcher(json);
        assertTrue("no " + name + " in " + json, m.find());
        return m.group(1);
    }

    private static List<Double> numbers(String array) {
        return Pattern.compile("-?[0-9.]+").matcher(array).results().map(r -> Double.parseDouble(r.group())).toList();
    }
}
