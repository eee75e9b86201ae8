package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfig;
import org.omnikernel.okrt.config.SchedulerConfigParser;
import org.omnikernel.okrt.config.SchedulerConfigWriter;
import org.omnikernel.okrt.config.SchedulerSpec;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

class ExportTest {

    @Test
    void theRunningGridExportsWithItsLiveChangesAndReadsBackEqual() throws Exception {
        String xml = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
                + "<compartment name='web' scheduler='okrt.fifo' cpushare='300'><clientparam name='tier' value='a&amp;b'/></compartment>"
                + "<resourcescheduler resource='resource.a' compartment='web' scheduler='okrt.fifo' cpushare='20'/>"
                + "<resourcescheduler resource='*' scheduler='okrt.fifo' core='1'/></schedulerconfig>";
        try (TestGrid g = TestGrid.start(2, xml, new SchedulerFactory[] {new HoppingScheduler()})) {
            g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> { }).build());
            g.attach(ResourceInterface.named("resource.b").request("NOP", (ctx, m) -> { }).build());
            g.kernel.swapScheduler("resource.b", HoppingScheduler.NAME, Parameters.EMPTY).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            g.kernel.updateCpuShare("resource.a", 70).toCompletableFuture().get(5, TimeUnit.SECONDS);

            String exported = SchedulerConfigWriter.write(g.kernel.runningConfig());
            SchedulerConfig back = new SchedulerConfigParser(new GridCatalog(Set.of("resource.a", "resource.b"),
                    Set.of(FifoScheduler.NAME, HoppingScheduler.NAME)), 2)
                    .parse(new ByteArrayInputStream(exported.getBytes(StandardCharsets.UTF_8)), "exported.xml");

            SchedulerSpec b = back.schedulerFor("resource.b").orElseThrow();
            assertEquals(HoppingScheduler.NAME, b.scheduler(), exported);
            assertEquals("1", b.cores().spec(), "b came from the * entry, cores and all");
            assertEquals(70, back.schedulerFor("resource.a").orElseThrow().cpushare());
            assertEquals("web", back.schedulerFor("resource.a").orElseThrow().parent());
            assertEquals("a&b", back.compartments().get(0).clientParameters().get("tier"));
            assertEquals(4, back.schedulerFor("resource.a").orElseThrow().batch());
            assertTrue(back.schedulerFor("resource.other").isPresent(), "the * entry is kept for resources to come");
            assertEquals(exported, SchedulerConfigWriter.write(new SchedulerConfig("x", back.cores(), back.cpu(),
                    back.compartments(), back.resources(), back.fallback())), "export is stable");
        }
    }
}
