package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.okrt.stats.ResourceStatistics;
import org.omnikernel.storage.MountOptions;

/**
 * Which scheduler an EXT2R instance runs under: the grid's entry when the grid names the instance
 * (experiment E4 gives it WFQ), else the component's default, OKRT's FIFO, whatever
 * {@code resource="*"} says.
 */
class Ext2rSchedulerTest {

    @TempDir
    Path temp;

    @Test
    void anInstanceTheGridNamesRunsUnderTheGridsScheduler() throws Exception {
        String grid = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
                + "<resourcescheduler resource='ext2r.image0' scheduler='" + Ext2rRig.NamedFifo.NAME
                + "' core='0-?' cpushare='5000'/>"
                + "<resourcescheduler resource='*' scheduler='okrt.fifo' core='0-?'/></schedulerconfig>";
        assertEquals(Ext2rRig.NamedFifo.NAME, schedulerAfterMount(grid));
    }

    @Test
    void anInstanceTheGridDoesNotNameKeepsTheComponentsScheduler() throws Exception {
        String grid = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
                + "<resourcescheduler resource='*' scheduler='" + Ext2rRig.NamedFifo.NAME + "' core='0-?'/></schedulerconfig>";
        assertEquals("okrt.fifo", schedulerAfterMount(grid));
    }

    private String schedulerAfterMount(String grid) throws Exception {
        Path image = temp.resolve("fs.img");
        E2fsprogs.mkfs(image, 1024, 4096, null);
        try (Ext2rRig rig = new Ext2rRig(image, true, 256, grid)) {
            String resource = rig.mount(new MountOptions(true, false)).resource();
            ResourceStatistics r = rig.rig.kernel().statistics().resource(resource);
            assertEquals("ext2r.image0", resource);
            return r.scheduler();
        }
    }
}
