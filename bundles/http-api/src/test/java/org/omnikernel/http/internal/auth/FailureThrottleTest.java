package org.omnikernel.http.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class FailureThrottleTest {

    private final AtomicLong now = new AtomicLong();
    private final FailureThrottle throttle = new FailureThrottle(now::get);

    @Test
    void theFirstFailuresAreFreeThenLockOutsDouble() {
        for (int i = 0; i < FailureThrottle.FREE_FAILURES; i++) {
            throttle.failed("10.0.0.1");
            assertEquals(Duration.ZERO, throttle.lockedFor("10.0.0.1"));
        }
        throttle.failed("10.0.0.1");
        assertEquals(Duration.ofSeconds(1), throttle.lockedFor("10.0.0.1"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(Duration.ZERO, throttle.lockedFor("10.0.0.1"));
        throttle.failed("10.0.0.1");
        assertEquals(Duration.ofSeconds(2), throttle.lockedFor("10.0.0.1"));
        assertEquals(Duration.ZERO, throttle.lockedFor("10.0.0.2"), "other addresses are not affected");
    }

    @Test
    void lockOutsStopAtTheMaximum() {
        for (int i = 0; i < 40; i++) {
            throttle.failed("a");
        }
        assertEquals(FailureThrottle.MAX_LOCKOUT, throttle.lockedFor("a"));
    }

    @Test
    void aSuccessOrALongQuietForgetsFailures() {
        for (int i = 0; i <= FailureThrottle.FREE_FAILURES; i++) {
            throttle.failed("a");
            throttle.failed("b");
        }
        assertTrue(throttle.lockedFor("a").toNanos() > 0);
        throttle.succeeded("a");
        assertEquals(Duration.ZERO, throttle.lockedFor("a"));
        now.addAndGet(FailureThrottle.FORGET_AFTER.toNanos() + 1);
        throttle.failed("b");
        assertEquals(Duration.ZERO, throttle.lockedFor("b"), "counting starts again after a quiet period");
    }
}
