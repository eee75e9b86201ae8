package org.omnikernel.scheduler.wfq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.omnikernel.scheduler.testkit.TestClient;

/** The index-tracking heap against a sorted list, under random adds, polls, removals and VFT changes. */
class VftHeapTest {

    private static final Comparator<WfqClient> ORDER = Comparator.<WfqClient>comparingLong(e -> e.vft)
            .thenComparingLong(e -> e.heapSeq);

    @Test
    void behavesAsASortedSetWithOLogNRemovalFromTheMiddle() {
        Random random = new Random(7);
        VftHeap heap = new VftHeap();
        List<WfqClient> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(new WfqClient(new TestClient(i, "c" + i), 1));
        }
        List<WfqClient> model = new ArrayList<>();
        for (int step = 0; step < 100_000; step++) {
            WfqClient e = all.get(random.nextInt(all.size()));
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (!e.ready()) {
                        e.vft = random.nextInt(1000);
                        heap.add(e);
                        model.add(e);
                    }
                }
                case 1 -> {
                    model.sort(ORDER);
                    WfqClient expected = model.isEmpty() ? null : model.remove(0);
                    assertSame(expected, heap.poll());
                }
                case 2 -> {
                    heap.remove(e);
                    model.remove(e);
                }
                default -> {
                    if (e.ready()) {
                        e.vft += random.nextInt(50);
                        heap.changed(e);
                    }
                }
            }
            assertEquals(model.size(), heap.size());
            for (WfqClient m : model) {
                assertTrue(m.ready(), "every member knows it is in the heap");
            }
        }
        model.sort(ORDER);
        for (WfqClient m : model) {
            assertSame(m, heap.poll());
            assertEquals(-1, m.heapIndex);
        }
        assertNull(heap.poll());
    }
}
