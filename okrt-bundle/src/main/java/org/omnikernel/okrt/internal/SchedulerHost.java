package org.omnikernel.okrt.internal;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.config.SchedulerSpec;
import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.ClientState;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;

/**
 * One scheduler instance in the grid: its shared half, the per-core halves by local core index, and
 * the kernel cores those indexes stand for (an asymmetric configuration maps local 0,1 to kernel
 * cores 6,7, Fig 3.16). A resource scheduler also has, per core, its face as a client of the CPU
 * scheduler.
 */
final class SchedulerHost {

    /** A resource scheduler as a client of the CPU scheduler on one core (seed §3.1.5). */
    static final class CpuClient implements Client {
        final SchedulerHost host;
        final int local;
        /** The CPU scheduler's state for this client; core thread only. */
        ClientState state;
        /** Asked the CPU scheduler for time and not yet given it; core thread only. */
        boolean cpuReady;
        /** Deadline of the pending pollReady timer, or 0; core thread only. */
        long timerDeadline;
        /** Removed from the CPU scheduler; core thread only. */
        boolean removed;

        CpuClient(SchedulerHost host, int local) {
            this.host = host;
            this.local = local;
        }

        @Override
        public long id() {
            return ((long) host.resource.id() << 16) | local;
        }

        @Override
        public String label() {
            return host.spec.resource();
        }

        @Override
        public long activityId() {
            return -1;
        }

        @Override
        public int queueLength() {
            return 0;
        }
    }

    final SchedulerSpec spec;
    final Scheduler scheduler;
    final int[] kernelCores;
    final CoreHooks[] hooks;
    final CpuClient[] cpuClients;
    /** The governed resource; null for the CPU scheduler. */
    final ResourceEntry resource;

    SchedulerHost(SchedulerSpec spec, Scheduler scheduler, ResourceEntry resource) {
        this.spec = spec;
        this.scheduler = scheduler;
        this.resource = resource;
        this.kernelCores = spec.cores().toArray();
        this.hooks = new CoreHooks[kernelCores.length];
        for (int i = 0; i < kernelCores.length; i++) {
            hooks[i] = new CoreHooks(scheduler.initCore(i));
        }
        this.cpuClients = new CpuClient[resource == null ? 0 : kernelCores.length];
        for (int i = 0; i < cpuClients.length; i++) {
            cpuClients[i] = new CpuClient(this, i);
        }
    }

    int cores() {
        return kernelCores.length;
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
