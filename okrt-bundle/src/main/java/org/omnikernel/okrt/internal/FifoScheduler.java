package org.omnikernel.okrt.internal;

import java.util.ArrayDeque;
import java.util.Map;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.ClientState;
import org.omnikernel.okrt.scheduler.ClientStatistics;
import org.omnikernel.okrt.scheduler.CoreScheduler;
import org.omnikernel.okrt.scheduler.LoadShare;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

/**
 * OKRT's built-in scheduler, {@value #NAME}: ready clients are served in the order they became
 * ready, and an affinity label stays on the core its hash picks. No weights, no parameters. It is
 * always present, so that a resource can fall back to it when the bundle of its configured scheduler
 * goes away, and so that OKRT can be tested without any scheduler bundle.
 */
public final class FifoScheduler implements SchedulerFactory {

    /** The scheduler's name in configurations. */
    public static final String NAME = "okrt.fifo";

    private static final long TTL_MICROS = 1_000_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scheduler create(Parameters parameters, SchedulerContext context) {
        if (!parameters.asMap().isEmpty()) {
            throw new IllegalArgumentException(NAME + " takes no parameters, got " + parameters.asMap().keySet());
        }
        return new Scheduler() {
            @Override
            public CoreScheduler<?> initCore(int core) {
                return new PerCore();
            }

            @Override
            public LoadShare loadShare(LoadShareRequest request) {
                long h = request.affinity() * 0x9E3779B97F4A7C15L ^ request.activityId();
                return new LoadShare((int) Math.floorMod(h ^ (h >>> 29), (long) request.cores()), TTL_MICROS);
            }

            @Override
            public String describe() {
                return NAME + " (arrival order, affinity hashed to a core)";
            }
        };
    }

    private static final class State implements ClientState {
        private final Client client;
        private boolean ready;
        private long consumed;

        State(Client client) {
            this.client = client;
        }

        @Override
        public Client client() {
            return client;
        }
    }

    private static final class PerCore implements CoreScheduler<State> {
        private final ArrayDeque<State> ready = new ArrayDeque<>();

        @Override
        public State addClient(Client client, Parameters parameters) {
            return new State(client);
        }

        @Override
        public void updateClient(State state, Parameters parameters) {
            // no parameters to update
        }

        @Override
        public void removeClient(State state) {
            if (state.ready) {
                ready.remove(state);
                state.ready = false;
            }
        }

        @Override
        public State schedule() {
            State s = ready.pollFirst();
            if (s != null) {
                s.ready = false;
            }
            return s;
        }

        @Override
        public void clientReady(State state) {
            if (!state.ready) {
                state.ready = true;
                ready.addLast(state);
            }
        }

        @Override
        public void clientSuspended(State state) {
            removeClient(state);
        }

        @Override
        public long pollReady() {
            return ready.isEmpty() ? -1 : 0;
        }

        @Override
        public void resourceRecord(State state, ResourceRecord record) {
            state.consumed += record.consumption();
        }

        @Override
        public ClientStatistics clientStatistics(State state) {
            return new ClientStatistics(state.consumed, Map.of("ready", state.ready ? 1L : 0L));
        }
    }
}
