package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code experiment e1} in the assembled distribution boots the kernel with its grid,
 * runs the experiment for a few seconds, prints its progress and summary, writes its files and
 * exits 0 once the experiment has stopped the framework. How accurate E1's shares are is the Pax
 * Exam test's business (E1InFelixIT); here the launcher's contract is checked. E2 and E4 run on a
 * disk of their own; their shares are checked here against a tolerance a working scheduler meets on
 * a loaded 2-core machine in a short run (E2 ±12 pp at each resource in 8 s; E4 ±8 pp at DRWR in 10
 * s); equal shares, what a resource that ignores the weights gives (E2's did, 35/30/35, while EXT2R
 * ran FIFO), are 16.7 pp off for a and c.
 */
class ExperimentIT {

    @TempDir
    Path temp;

    @Test
    void e1RunsReportsAndExitsZero() throws Exception {
        Path out = temp.resolve("e1");
        try (LauncherProcess launcher = LauncherProcess.start("experiment", "e1", "--seconds", "3", "--out",
                out.toString(), "--cores", "2")) {
            assertTrue(launcher.awaitExit(Duration.ofSeconds(120)), "still running:\n" + launcher.transcript());
            assertEquals(ExitCode.OK, launcher.exitValue(), launcher.transcript());
            String stdout = launcher.stdout();
            assertTrue(stdout.contains("Experiment e1 running"), launcher.transcript());
            assertTrue(stdout.contains("e1:    3 s"), "a progress line per sample:\n" + launcher.transcript());
            assertTrue(stdout.contains("max deviation"), launcher.transcript());
            assertTrue(stdout.contains("okernel: experiment e1 done; files in " + out), launcher.transcript());
            assertTrue(!stdout.contains("g! "), "no shell in an experiment:\n" + launcher.transcript());
            for (String file : List.of("samples.csv", "e1.svg", "summary.json")) {
                assertTrue(Files.isRegularFile(out.resolve(file)), file + " missing:\n" + launcher.transcript());
            }
            assertEquals(1 + 3, Files.readAllLines(out.resolve("samples.csv")).size());
        }
    }

    @Test
    void e2ReadsFromTheCacheAndEveryResourceTracksTheEntitlement() throws Exception {
        Path out = temp.resolve("e2");
        // 15 s, not fewer: IOR and the gate use about 3 % of the cores here, and in an 8 s run that is a few
        // hundred ms split three ways (one run in five had IOR 13.5 pp off its entitlement at 8 s)
        try (LauncherProcess launcher = LauncherProcess.start("experiment", "e2", "--seconds", "15", "--out",
                out.toString(), "--cores", "2")) {
            assertTrue(launcher.awaitExit(Duration.ofSeconds(180)), "still running:\n" + launcher.transcript());
            assertEquals(ExitCode.OK, launcher.exitValue(), launcher.transcript());
            assertTrue(launcher.stdout().contains("okernel: experiment e2 done; files in " + out), launcher.transcript());
            List<String> csv = Files.readAllLines(out.resolve("samples.csv"));
            assertEquals(1 + 15, csv.size(), launcher.transcript());
            assertTrue(csv.get(0).startsWith("time_s,tr_share_a,tr_share_b,tr_share_c,tr_cpu_ns_a"), csv.get(0));
            assertWellFormedSvg(out.resolve("e2.svg"), 6);
            String json = Files.readString(out.resolve("summary.json"));
            assertTrue(json.contains("\"experiment\": \"e2\""), json);
            for (String key : List.of("tr", "fcr", "aior", "ior", "ext2r")) {
                assertSharesNear(json, key, 12.0);
            }
        }
    }

    @Test
    void e4ReadsFromTheModelledDiskAndDrwrSharesItByTheEntitlement() throws Exception {
        Path out = temp.resolve("e4");
        try (LauncherProcess launcher = LauncherProcess.start("experiment", "e4", "--seconds", "10", "--out",
                out.toString(), "--cores", "2", "--files", "4", "--file-kib", "512")) {
            assertTrue(launcher.awaitExit(Duration.ofSeconds(240)), "still running:\n" + launcher.transcript());
            assertEquals(ExitCode.OK, launcher.exitValue(), launcher.transcript());
            assertTrue(launcher.stdout().contains("e4: files made in"), launcher.transcript());
            List<String> csv = Files.readAllLines(out.resolve("samples.csv"));
            assertEquals(1 + 10, csv.size(), launcher.transcript());
            assertTrue(csv.get(0).startsWith("time_s,drwr_share_a,drwr_share_b,drwr_share_c,drwr_bytes_a"), csv.get(0));
            assertWellFormedSvg(out.resolve("e4.svg"), 5);
            String json = Files.readString(out.resolve("summary.json"));
            assertTrue(json.contains("\"experiment\": \"e4\""), json);
            assertSharesNear(json, "drwr", 8.0);
        }
    }

    /** The plot parses as XML and has a panel per resource. */
    private static void assertWellFormedSvg(Path svg, int panels) throws Exception {
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        var doc = factory.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        int found = 0;
        var nested = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
        for (int i = 0; i < nested.getLength(); i++) {
            if ("panel".equals(((org.w3c.dom.Element) nested.item(i)).getAttribute("class"))) {
                found++;
            }
        }
        assertEquals(panels, found, "a plot per resource in " + svg);
    }

    /** The resource's achieved shares in summary.json are each within {@code pp} of 50/33.33/16.67. */
    private static void assertSharesNear(String json, String key, double pp) {
        var m = java.util.regex.Pattern.compile("\"key\": \"" + key + "\"[^}]*?\"achieved\": \\[([^\\]]*)\\]",
                java.util.regex.Pattern.DOTALL).matcher(json);
        assertTrue(m.find(), "no achieved shares for " + key + " in\n" + json);
        String[] shares = m.group(1).split(",");
        double[] entitled = {50.0, 100.0 / 3, 100.0 / 6};
        assertEquals(3, shares.length, m.group(1));
        for (int i = 0; i < 3; i++) {
            double share = Double.parseDouble(shares[i].trim());
            assertTrue(Math.abs(share - entitled[i]) <= pp, key + ": process " + i + " got " + share + " %, entitled "
                    + entitled[i] + " ± " + pp + " pp:\n" + json);
        }
    }
}
