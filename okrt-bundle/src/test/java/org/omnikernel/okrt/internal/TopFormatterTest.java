package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.stats.KernelSnapshot;

class TopFormatterTest {

    @Test
    void theBusiestActivityComesFirstWithItsShareOfTheCores() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        try (TestGrid g = TestGrid.start(1, 1)) {
            g.attach(ResourceInterface.named("resource.a").request("SPIN", (ctx, m) -> {
                long until = System.nanoTime() + m.argument(0, Long.class);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                if (!stop.get()) {
                    ctx.send("resource.a", "SPIN", m.argument(0, Long.class));
                }
            }, Long.class).build());
            Activity heavy = g.kernel.createActivity("heavy", Parameters.EMPTY);
            Activity light = g.kernel.createActivity("light", Parameters.EMPTY);
            g.kernel.send(light, "resource.a", "SPIN", 0, 1_000L);
            g.kernel.send(heavy, "resource.a", "SPIN", 0, 20_000L);
            KernelSnapshot before = g.kernel.statistics();
            long until = System.nanoTime() + 300_000_000L;
            TestGrid.await("a window of load", () -> System.nanoTime() > until);
            String top = TopFormatter.format(before, g.kernel.statistics());
            stop.set(true);
            assertTrue(top.indexOf("heavy") < top.indexOf("light"), top);
            assertTrue(top.contains("core 0: handlers"), top);
            String heavyLine = top.lines().filter(l -> l.contains("heavy")).findFirst().orElseThrow();
            double cpu = Double.parseDouble(heavyLine.trim().split("\\s+")[2].replace("%", ""));
            assertTrue(cpu > 50, "heavy used most of the core: " + heavyLine);
        }
    }
}
