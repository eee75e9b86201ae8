package org.omnikernel.scheduler.priority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.scheduler.testkit.KernelRig;
import org.omnikernel.scheduler.testkit.Shares;
import org.omnikernel.scheduler.testkit.Spinner;
import org.omnikernel.scheduler.testkit.Window;

/** priority.strict governing a resource of a real kernel. */
class PriorityKernelTest {

    /**
     * Two activities keep one core's spinning resource saturated: while the high-priority one has
     * work the low one gets (almost) nothing; when the high one stops, the low one runs.
     */
    @Test
    void theHighPriorityActivityTakesTheCoreUntilItRunsOutOfWork() throws Exception {
        String xml = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0'/>"
                + "<resourcescheduler resource='*' scheduler='priority.strict' core='0'/></schedulerconfig>";
        try (KernelRig rig = KernelRig.boot(xml, 1, Set.of("resource.spin"), new PriorityFactory(), new FifoScheduler())) {
            Activity high = rig.createActivity("high", Parameters.of("priority", "5"));
            Activity low = rig.createActivity("low", Parameters.of("priority", "1"));
            Spinner spin = rig.attachSpinner("resource.spin", 5_000);
            rig.fill("resource.spin", 8, high);
            rig.fill("resource.spin", 8, low);
            rig.await("high to run 20 000 messages", () -> rig.statistics().activity(high.id()).messages() >= 20_000);
            Window busy = rig.sinceBoot();
            Shares messages = busy.messageShares(high, low);
            long l1 = messages.amount(1);
            assertTrue(busy.to().activity(low.id()).queued() > 0, "low had work all along");
            assertTrue(l1 < 0.05 * messages.total(), "while high had work, low got " + l1 + " of " + messages.total() + " messages");

            spin.stop(high.id());
            rig.await("high's queue to drain", () -> rig.statistics().activity(high.id()).queued() == 0);
            long h2 = rig.statistics().activity(high.id()).messages();
            rig.await("low to run 5 000 more messages", () -> rig.statistics().activity(low.id()).messages() >= l1 + 5_000);
            KernelSnapshot after = rig.statistics();
            assertEquals(h2, after.activity(high.id()).messages(), "high sent nothing more");
            var stats = KernelRig.client(after, "resource.spin", low);
            assertEquals(1L, stats.statistics().details().get("priority"));
            assertTrue(stats.statistics().details().get("dispatches") > 0);
        }
    }
}
