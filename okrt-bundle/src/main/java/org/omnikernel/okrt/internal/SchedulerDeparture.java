package org.omnikernel.okrt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.omnikernel.okrt.Parameters;

/**
 * The bundle of a scheduler in use goes away: everything it governs — resources, compartments, the
 * CPU scheduler — is swapped to the grid's fallback. A target the fallback refuses (it will not take a
 * client's parameters, as a proportional-share scheduler refuses a share of 0) goes to OKRT's own
 * {@code okrt.fifo}, which takes any client, so that nothing is left running on code that is leaving.
 * Called by OKRT's OSGi component when a scheduler factory service is unregistered, on that thread.
 */
public final class SchedulerDeparture {

    /**
     * Where one target went.
     *
     * @param target    the resource, compartment or {@code okrt.cpu}
     * @param scheduler the scheduler it runs under now, or null when every move was refused
     * @param refusals  why the fallback (and {@code okrt.fifo}) refused it; empty when the fallback took it
     */
    public record Move(String target, String scheduler, String refusals) {
    }

    private SchedulerDeparture() {
    }

    /**
     * @param kernel      the running kernel
     * @param departing   the name of the scheduler going away
     * @param fallback    the grid's fallback; {@code okrt.fifo} when the configured one is gone too
     * @param waitSeconds how long each swap may take to be applied on the cores
     * @return one move per target the departing scheduler governed
     */
    public static List<Move> moveOff(Kernel kernel, String departing, String fallback, long waitSeconds) {
        List<Move> moves = new ArrayList<>();
        for (String target : kernel.governedBy(departing)) {
            String refused = swap(kernel, target, fallback, waitSeconds);
            if (refused == null) {
                moves.add(new Move(target, fallback, ""));
                continue;
            }
            String why = fallback + " refused it: " + refused;
            if (fallback.equals(FifoScheduler.NAME)) {
                moves.add(new Move(target, null, why));
                continue;
            }
            String lastResort = swap(kernel, target, FifoScheduler.NAME, waitSeconds);
            moves.add(lastResort == null ? new Move(target, FifoScheduler.NAME, why)
                    : new Move(target, null, why + "; " + FifoScheduler.NAME + " refused it: " + lastResort));
        }
        return moves;
    }

    /** @return null when the swap was applied, else why not */
    private static String swap(Kernel kernel, String target, String scheduler, long waitSeconds) {
        try {
            kernel.swapScheduler(target, scheduler, Parameters.EMPTY).toCompletableFuture().get(waitSeconds, TimeUnit.SECONDS);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (TimeoutException e) {
            return "not applied on the cores within " + waitSeconds + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
