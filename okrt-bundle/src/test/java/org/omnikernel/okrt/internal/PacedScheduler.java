package org.omnikernel.okrt.internal;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.CoreScheduler;
import org.omnikernel.okrt.scheduler.LoadShare;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

/**
 * A non-work-conserving scheduler for tests: at most one dispatch per {@code gap} µs, by answering
 * pollReady with the time left. Exercises OKRT's timers for delayed decisions.
 */
final class PacedScheduler implements SchedulerFactory {

    static final String NAME = "test.paced";

    /** When OKRT called schedule(), in nanoTime; OKRT may only do so once pollReady said 0. */
    final java.util.List<Long> decisions = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scheduler create(Parameters parameters, SchedulerContext context) {
        long gapMicros = parameters.getLong("gap", 2000, 1);
        Scheduler fifo = new FifoScheduler().create(Parameters.EMPTY, context);
        return new Scheduler() {
            @Override
            public CoreScheduler<?> initCore(int core) {
                return new Paced(new CoreHooks(fifo.initCore(core)), gapMicros * 1000, decisions);
            }

            @Override
            public LoadShare loadShare(LoadShareRequest request) {
                return new LoadShare(0, 1_000_000);
            }
        };
    }

    /** Wraps okrt.fifo's per-core half and withholds decisions until the gap has passed. */
    private static final class Paced extends DelegatingCoreScheduler {
        private final long gapNanos;
        private final java.util.List<Long> decisions;
        private long next;

        Paced(CoreHooks inner, long gapNanos, java.util.List<Long> decisions) {
            super(inner);
            this.gapNanos = gapNanos;
            this.decisions = decisions;
        }

        @Override
        public org.omnikernel.okrt.scheduler.ClientState schedule() {
            long now = System.nanoTime();
            decisions.add(now);
            next = now + gapNanos;
            return super.schedule();
        }

        @Override
        public long pollReady() {
            long p = super.pollReady();
            if (p != 0) {
                return p;
            }
            long wait = next - System.nanoTime();
            return wait <= 0 ? 0 : Math.max(1, wait / 1000);
        }
    }
}
