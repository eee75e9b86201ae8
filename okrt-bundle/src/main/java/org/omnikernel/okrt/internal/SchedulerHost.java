package org.omnikernel.okrt.internal;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.config.SchedulerSpec;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;

/**
 * One scheduler instance in the grid: its shared half and, per core it uses, a {@link SchedulerNode}
 * holding the per-core half. Local core indexes map to kernel cores (an asymmetric configuration maps
 * local 0,1 to kernel cores 6,7, Fig 3.16).
 */
final class SchedulerHost {

    /** Replaced by a hot swap; read by any thread. */
    volatile SchedulerSpec spec;
    /** Replaced by a hot swap; read by any sending thread for loadShare. */
    volatile Scheduler scheduler;
    final int[] kernelCores;
    final SchedulerNode[] nodes;
    /** The governed resource; null for the CPU and compartment schedulers. */
    final ResourceEntry resource;

    /**
     * @param parentNodes the parent scheduler's node on each kernel core, or null for the CPU scheduler
     */
    SchedulerHost(SchedulerSpec spec, Scheduler scheduler, ResourceEntry resource, SchedulerNode[] parentNodes) {
        this.spec = spec;
        this.scheduler = scheduler;
        this.resource = resource;
        this.kernelCores = spec.cores().toArray();
        this.nodes = new SchedulerNode[kernelCores.length];
        for (int i = 0; i < kernelCores.length; i++) {
            SchedulerNode parent = parentNodes == null ? null : parentNodes[kernelCores[i]];
            nodes[i] = new SchedulerNode(this, i, new CoreHooks(scheduler.initCore(i)), parent);
        }
    }

    int cores() {
        return kernelCores.length;
    }

    /** @return this scheduler's nodes indexed by kernel core, null where it does not run */
    SchedulerNode[] nodesByKernelCore(int kernelCoreCount) {
        SchedulerNode[] out = new SchedulerNode[kernelCoreCount];
        for (SchedulerNode n : nodes) {
            out[kernelCores[n.local]] = n;
        }
        return out;
    }

    /** @return the local index of a kernel core, or -1 when the scheduler does not use it */
    int localIndexOf(int kernelCore) {
        for (int i = 0; i < kernelCores.length; i++) {
            if (kernelCores[i] == kernelCore) {
                return i;
            }
        }
        return -1;
    }

    static SchedulerContext context(SchedulerSpec spec) {
        int cores = spec.cores().size();
        Metric metric = spec.metric();
        String resource = spec.resource();
        return new SchedulerContext() {
            @Override
            public String resource() {
                return resource;
            }

            @Override
            public int cores() {
                return cores;
            }

            @Override
            public Metric metric() {
                return metric;
            }
        };
    }
}
