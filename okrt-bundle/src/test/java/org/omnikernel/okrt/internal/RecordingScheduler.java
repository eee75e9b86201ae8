package org.omnikernel.okrt.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.ClientState;
import org.omnikernel.okrt.scheduler.CoreScheduler;
import org.omnikernel.okrt.scheduler.LoadShare;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

/**
 * {@code okrt.fifo}'s decisions, plus a count of the parameters each addClient and updateClient saw,
 * so tests can check what OKRT told the schedulers; refuses a {@code share} below 1 in checkClient.
 */
final class RecordingScheduler implements SchedulerFactory {

    private final Map<String, AtomicInteger> added = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> updated = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "test.recording";
    }

    int added(String params) {
        AtomicInteger n = added.get(params);
        return n == null ? 0 : n.get();
    }

    int updated(String params) {
        AtomicInteger n = updated.get(params);
        return n == null ? 0 : n.get();
    }

    private static String key(Parameters p) {
        return p.asMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                .reduce((x, y) -> x + "," + y).orElse("");
    }

    @Override
    public Scheduler create(Parameters parameters, SchedulerContext context) {
        Scheduler fifo = new FifoScheduler().create(Parameters.EMPTY, context);
        return new Scheduler() {
            @Override
            public CoreScheduler<?> initCore(int core) {
                CoreHooks inner = new CoreHooks(fifo.initCore(core));
                return new DelegatingCoreScheduler(inner) {
                    @Override
                    public ClientState addClient(Client client, Parameters p) {
                        added.computeIfAbsent(key(p), k -> new AtomicInteger()).incrementAndGet();
                        return super.addClient(client, p);
                    }

                    @Override
                    public void updateClient(ClientState s, Parameters p) {
                        updated.computeIfAbsent(key(p), k -> new AtomicInteger()).incrementAndGet();
                    }
                };
            }

            @Override
            public LoadShare loadShare(LoadShareRequest request) {
                return fifo.loadShare(request);
            }

            @Override
            public void checkClient(Parameters p) {
                p.getLong("share", 1, 1);
            }
        };
    }
}
