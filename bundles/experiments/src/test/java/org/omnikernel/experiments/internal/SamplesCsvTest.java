package org.omnikernel.experiments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** samples.csv: a header naming the activities, then one row per sample with what the sample holds. */
class SamplesCsvTest {

    @Test
    void oneRowPerSampleWithSharesCpuAndLedgers() {
        E1Outcome outcome = Outcomes.threeSeconds();
        List<String> lines = SamplesCsv.write(List.of("a", "b", "c"), outcome.samples()).lines().toList();

        assertEquals("time_s,share_a,share_b,share_c,cpu_ns_a,cpu_ns_b,cpu_ns_c,unaccounted_ns,elapsed_core_ns,"
                + "descheduled_ns", lines.get(0));
        assertEquals(1 + 3, lines.size());
        for (int i = 0; i < 3; i++) {
            ShareSample s = outcome.samples().get(i);
            List<String> cells = Arrays.asList(lines.get(1 + i).split(",", -1));
            assertEquals(10, cells.size(), lines.get(1 + i));
            assertEquals(i + 1.0, Double.parseDouble(cells.get(0)), 1e-9);
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                assertEquals(s.sharesPercent().get(k), Double.parseDouble(cells.get(1 + k)), 1e-4);
                assertEquals(s.cpuNanos().get(k), Long.parseLong(cells.get(4 + k)));
                sum += Double.parseDouble(cells.get(1 + k));
            }
            assertEquals(100.0, sum, 1e-3, "the shares of a sample add up to 100 %");
            assertEquals(s.unaccountedNanos(), Long.parseLong(cells.get(7)));
            assertEquals(2_000_000_000L, Long.parseLong(cells.get(8)), "two cores, one second each");
            assertEquals(5_000_000L, Long.parseLong(cells.get(9)), "the OS took 5 ms a second from core 0's thread");
        }
        assertEquals(51.0, Double.parseDouble(lines.get(2).split(",")[1]), 1e-9);
    }

    @Test
    void aSecondWithoutCpuLeavesItsSharesEmpty() {
        ShareSample idle = new ShareSample(1.0, List.of(0L, 0L), List.of(Double.NaN, Double.NaN), 0, 1_000, 0);
        List<String> lines = SamplesCsv.write(List.of("x", "y"), List.of(idle)).lines().toList();
        assertEquals("time_s,share_x,share_y,cpu_ns_x,cpu_ns_y,unaccounted_ns,elapsed_core_ns,descheduled_ns",
                lines.get(0));
        assertEquals("1.000,,,0,0,0,1000,0", lines.get(1));
    }
}
