package org.omnikernel.okrt.internal;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.CoreScheduler;
import org.omnikernel.okrt.scheduler.LoadShare;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

/**
 * A scheduler that stresses remapping: every mapping lives 1 µs and the next one moves the label to
 * the next core, so queued messages are moved between cores and barriers set almost every send.
 * Per-core decisions are {@code okrt.fifo}'s.
 */
final class HoppingScheduler implements SchedulerFactory {

    static final String NAME = "test.hopping";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scheduler create(Parameters parameters, SchedulerContext context) {
        Scheduler fifo = new FifoScheduler().create(Parameters.EMPTY, context);
        return new Scheduler() {
            @Override
            public CoreScheduler<?> initCore(int core) {
                return fifo.initCore(core);
            }

            @Override
            public LoadShare loadShare(LoadShareRequest request) {
                return new LoadShare((request.previous() + 1) % request.cores(), 1);
            }
        };
    }
}
