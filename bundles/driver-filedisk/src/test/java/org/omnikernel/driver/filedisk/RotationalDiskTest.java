package org.omnikernel.driver.filedisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The model's arithmetic, without a clock: a 10K-RPM disk streams near its media rate and serves on
 * the order of a hundred and some random 4 KiB reads a second, so it is a real bottleneck.
 */
class RotationalDiskTest {

    private static final long GIB = 1L << 30;

    private static RotationalDisk tenK() {
        return new RotationalDisk(10_000, 300, 8000, 120, 512 * 1024, 8 * GIB);
    }

    @Test
    void aSequentialStreamRunsAtTheMediaRate() {
        RotationalDisk d = tenK();
        long now = 0;
        long total = 0;
        int blocks = 128; // 64 KiB requests of 512-byte blocks
        for (long block = 0; block < 256L * 1024 * 2; block += blocks) { // 256 MiB
            long t = d.serviceNanos(block, blocks, 512, now);
            now += t;
            total += t;
        }
        double mbPerS = 256.0 * 1024 * 1024 / 1e6 / (total / 1e9);
        assertTrue(mbPerS > 110 && mbPerS <= 120.1, "a stream of 64 KiB reads: " + mbPerS + " MB/s of 120");
    }

    @Test
    void randomSmallReadsPaySeekAndRotation() {
        RotationalDisk d = tenK();
        Random r = new Random(42);
        long now = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            long block = (long) (r.nextDouble() * (8 * GIB / 512 - 8));
            now += d.serviceNanos(block, 8, 512, now);
        }
        double iops = n / (now / 1e9);
        // average seek about 2/3 of full stroke's sqrt curve plus half a 6 ms revolution
        assertTrue(iops > 80 && iops < 250, "random 4 KiB reads per second: " + iops);
    }

    @Test
    void seeksGrowWithDistanceAndRotationWithinOneRevolution() {
        RotationalDisk d = tenK();
        assertEquals(6_000_000, d.revolutionNanos(), "10 000 rpm is 6 ms a turn");
        assertEquals(0, d.seekNanos(0));
        assertEquals(300_000 + (long) (7_700_000 * Math.sqrt(1.0 / 16384)), d.seekNanos(1));
        assertTrue(d.seekNanos(100) < d.seekNanos(10_000));
        assertEquals(8_000_000, d.seekNanos(16384), "full stroke across every cylinder");
        long t = d.serviceNanos(1 << 20, 1, 512, 0);
        long seek = d.seekNanos((1L << 20) * 512 / (512 * 1024));
        assertTrue(t >= seek && t < seek + d.revolutionNanos() + 10_000, "one seek, at most one turn, one sector: " + t);
    }

    @Test
    void badModelValuesNameTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RotationalDisk(50, 300, 8000, 120, 512 * 1024, GIB));
        assertTrue(e.getMessage().contains("rpm 50"), e.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> new RotationalDisk(10_000, 9000, 8000, 120, 512 * 1024, GIB));
        assertTrue(s.getMessage().contains("track-to-track 9000"), s.getMessage());
    }
}
