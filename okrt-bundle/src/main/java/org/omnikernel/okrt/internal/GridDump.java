package org.omnikernel.okrt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.omnikernel.okrt.config.SchedulerSpec;

/**
 * The running grid as a tree (in the manner of Jetty's {@code Dumpable}): the CPU scheduler, the
 * compartments and resource schedulers below it, with each scheduler's live policy and parameters,
 * its share at its parent, and what its request queues hold.
 *
 * <pre>
 * okrt.cpu: propshare.wfq cores=0-? metric=cpu
 * ├─ web: roundrobin share=6000 cores=0-? metric=cpu
 * │  └─ resource.http (id 3): propshare.wfq share=10000 … queues=4 queued=0
 * └─ resource.tcp (id 1): roundrobin share=10000 …
 * </pre>
 */
public final class GridDump {

    private GridDump() {
    }

    /**
     * @param kernel a running kernel
     * @return the tree, one scheduler a line
     */
    public static String dump(Kernel kernel) {
        StringBuilder b = new StringBuilder();
        SchedulerSpec cpu = kernel.cpuSpec();
        b.append(SchedulerSpec.CPU).append(": ").append(describe(cpu, false)).append('\n');
        children(kernel, null, "", b);
        return b.toString();
    }

    private static void children(Kernel kernel, String parent, String indent, StringBuilder b) {
        List<Object> kids = new ArrayList<>();
        for (SchedulerHost h : kernel.compartmentHosts()) {
            if (Objects.equals(h.spec.parent(), parent)) {
                kids.add(h);
            }
        }
        for (ResourceEntry r : kernel.everAttached()) {
            if (r.isAttached() && Objects.equals(r.host.spec.parent(), parent)) {
                kids.add(r);
            }
        }
        for (int i = 0; i < kids.size(); i++) {
            boolean last = i == kids.size() - 1;
            b.append(indent).append(last ? "└─ " : "├─ ");
            if (kids.get(i) instanceof SchedulerHost h) {
                b.append(h.spec.resource()).append(": ").append(describe(h.spec, true)).append('\n');
                children(kernel, h.spec.resource(), indent + (last ? "   " : "│  "), b);
            } else {
                ResourceEntry r = (ResourceEntry) kids.get(i);
                long queued = 0;
                for (RequestQueue q : r.queues()) {
                    queued += q.queueLength();
                }
                b.append(r.name()).append(" (id ").append(r.id()).append("): ").append(describe(r.host.spec, true))
                        .append(" share=").append(r.cpushare).append(" batch=").append(r.host.spec.batch())
                        .append(" queues=").append(r.queueCount()).append(" queued=").append(queued)
                        .append(r.suspended ? " SUSPENDED" : "").append('\n');
            }
        }
    }

    private static String describe(SchedulerSpec s, boolean withShare) {
        return s.scheduler() + (s.parameters().asMap().isEmpty() ? "" : " " + s.parameters().asMap())
                + (withShare && s.resource() != null && !s.resource().startsWith("resource.") ? " share=" + s.cpushare() : "")
                + " cores=" + s.cores() + " metric=" + s.metric();
    }
}
