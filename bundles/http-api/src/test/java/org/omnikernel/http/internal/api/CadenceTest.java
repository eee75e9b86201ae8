package org.omnikernel.http.internal.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The stream's cadence on a simulated clock: the ticker's granularity and lateness cost no events. */
class CadenceTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Ticks as a fixed-delay ticker makes them: every 250 ms plus the time each tick took. */
    private static List<Long> events(Cadence c, long start, long tickCostNanos, long untilNanos) {
        List<Long> fired = new ArrayList<>();
        for (long now = start; now < untilNanos; now += 250 * MS + tickCostNanos) {
            if (c.fire(now)) {
                fired.add(now);
            }
        }
        return fired;
    }

    @Test
    void aOneSecondIntervalKeepsOneHertzWhenEveryTickRunsLate() {
        long start = 1_000 * MS;
        Cadence c = new Cadence(1_000 * MS, start);
        // 3 ms per tick: a cadence counted from the serving tick would fire every 1 012 ms, 593 times in ten minutes
        List<Long> fired = events(c, start, 3 * MS, start + 600_000 * MS);
        assertEquals(600, fired.size(), "one event a second over ten minutes, the first at once");
        for (int i = 1; i < fired.size(); i++) {
            long gap = fired.get(i) - fired.get(i - 1);
            assertTrue(gap <= 1_000 * MS + 253 * MS, "gap " + gap / MS + " ms exceeds the interval by more than a tick");
        }
    }

    @Test
    void aSubscriberFarBehindStartsAfreshInsteadOfBursting() {
        Cadence c = new Cadence(1_000 * MS, 0);
        assertTrue(c.fire(0));
        assertFalse(c.fire(999 * MS));
        assertTrue(c.fire(5_000 * MS), "late, but due");
        assertFalse(c.fire(5_250 * MS), "no catching up on the four seconds missed");
        assertTrue(c.fire(6_000 * MS));
    }

    @Test
    void aNonPositiveIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Cadence(0, 0));
    }
}
