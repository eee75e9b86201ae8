package org.omnikernel.http.internal.auth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing per client address: the first {@link #FREE_FAILURES} failures cost
 * nothing; each further one locks the address out for twice as long as the one before (1 s, 2 s,
 * 4 s … up to {@link #MAX_LOCKOUT}). While locked out every attempt is refused, even with the right
 * password, without checking it. A success clears the address's count; so does
 * {@link #FORGET_AFTER} without failures.
 */
public final class FailureThrottle {

    /** Failures allowed before lock-outs start. */
    public static final int FREE_FAILURES = 5;
    /** The longest lock-out. */
    public static final Duration MAX_LOCKOUT = Duration.ofMinutes(5);
    /** An address's failures are forgotten after this long without a new one. */
    public static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    private static final int MAX_TRACKED = 10_000;

    private record Failures(int count, long last, long lockedUntil) {
    }

    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    /** @param nanoClock monotonic time in ns (tests pass a fake) */
    public FailureThrottle(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * @param address a client address
     * @return how long it remains locked out; zero when it may try
     */
    public Duration lockedFor(String address) {
        Failures f = byAddress.get(address);
        if (f == null) {
            return Duration.ZERO;
        }
        long left = f.lockedUntil() - nanoClock.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** @param address a client address whose attempt failed */
    public void failed(String address) {
        long now = nanoClock.getAsLong();
        if (byAddress.size() >= MAX_TRACKED) {
            byAddress.values().removeIf(f -> now - f.last() > FORGET_AFTER.toNanos());
        }
        byAddress.compute(address, (a, f) -> {
            int count = (f == null || now - f.last() > FORGET_AFTER.toNanos()) ? 1 : f.count() + 1;
            long lockedUntil = now;
            if (count > FREE_FAILURES) {
                int doublings = Math.min(count - FREE_FAILURES - 1, 20);
                long lockout = Math.min(Duration.ofSeconds(1).toNanos() << doublings, MAX_LOCKOUT.toNanos());
                lockedUntil = now + lockout;
            }
            return new Failures(count, now, lockedUntil);
        });
    }

    /** @param address a client address that authenticated */
    public void succeeded(String address) {
        byAddress.remove(address);
    }
}
