package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

class GridDumpTest {

    @Test
    void theTreeShowsTheLiveGrid() throws Exception {
        String xml = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
                + "<compartment name='web' scheduler='okrt.fifo' cpushare='300'/>"
                + "<resourcescheduler resource='resource.a' compartment='web' scheduler='okrt.fifo' cpushare='20'/>"
                + "<resourcescheduler resource='*' scheduler='okrt.fifo'/></schedulerconfig>";
        try (TestGrid g = TestGrid.start(2, xml, new SchedulerFactory[] {new HoppingScheduler()})) {
            g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> { }).build());
            g.attach(ResourceInterface.named("resource.b").request("NOP", (ctx, m) -> { }).build());
            g.kernel.swapScheduler("resource.b", HoppingScheduler.NAME, Parameters.EMPTY).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            assertEquals("""
                    okrt.cpu: okrt.fifo cores=0-? metric=cpu
                    ├─ web: okrt.fifo share=300 cores=0-? metric=cpu
                    │  └─ resource.a (id 1): okrt.fifo cores=0-? metric=cpu share=20 batch=4 queues=0 queued=0
                    └─ resource.b (id 2): test.hopping cores=0-? metric=cpu share=10000 batch=4 queues=0 queued=0
                    """, GridDump.dump(g.kernel));
        }
    }
}
