package org.omnikernel.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.omnikernel.hal.device.ScsiHostAdapter;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.grid.GridAdmin;
import org.omnikernel.okrt.grid.GridSnapshot;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.StorageUnit;
import org.omnikernel.storage.UnitProtocol;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The SCSI path in Felix: a Config Admin configuration brings up driver-scsi's adapter over an image
 * file; blockdev gives it drwr.scsi0 and dir.scsi0; SCSIR probes it and registers the LUN as a
 * StorageUnit service, whose bytes a resource reads through UnitProtocol; the grid model lists the
 * device with the resources that serve it; deleting the configuration takes the service and the device
 * away.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ScsiStorageUnitIT {

    private static final String CLIENT = "itest.scsiclient";

    @Configuration
    public Option[] config() {
        Path file = Itest.writeConfig("scsi-schedulerconfig.xml", """
                <?xml version="1.0"?>
                <schedulerconfig>
                  <cpuscheduler scheduler="roundrobin" core="0-?"/>
                  <resourcescheduler resource="*" scheduler="roundrobin" core="0-?" cpushare="10000"/>
                </schedulerconfig>
                """);
        return Itest.kernelFramework(file, "configadmin", "syscall", "storageapi", "blockdev", "scsi", "scsir");
    }

    @Test
    public void aLunBecomesAStorageUnitWhoseBytesAreTheImages() throws Exception {
        Path lun = Files.createTempDirectory("scsir").resolve("lun0.img");
        byte[] image = new byte[1 << 20];
        new Random(11).nextBytes(image);
        Files.write(lun, image);
        ConfigurationAdmin admin = Itest.service(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration scsi = admin.createFactoryConfiguration("org.omnikernel.driver.scsi", "?");
        scsi.update(props("name", "scsi0", "luns", new String[] {lun.toString()}));

        ServiceReference<StorageUnit> ref = Itest.awaitService(StorageUnit.class, "(" + StorageUnit.NAME + "=scsi0.0)");
        StorageUnit unit = Itest.context().getService(ref);
        assertEquals("scsi0.0", unit.name());
        assertEquals(2048, unit.blocks());
        assertEquals(512, unit.blockSize());
        assertFalse(unit.readOnly());
        assertTrue(unit.description(), unit.description().startsWith("OMNIKERN VIRTUAL DISK 0001, serial scsi0-0"));

        Map<Long, byte[]> read = new ConcurrentHashMap<>();
        Map<Long, String> errors = new ConcurrentHashMap<>();
        Resource client = () -> ResourceInterface.named(CLIENT)
                .request("GO", (ctx, m) -> ctx.send(unit.resource(), UnitProtocol.READ, 1L, unit.name(), 8192L, 65536))
                .request(UnitProtocol.DONE, (ctx, m) -> {
                    Buffer b = m.argument(1, Buffer.class);
                    byte[] bytes = new byte[b.length()];
                    b.view().get(bytes);
                    read.put(m.argument(0, Long.class), bytes);
                    errors.put(m.argument(0, Long.class), m.argument(2, String.class));
                }, Long.class, Buffer.class, String.class)
                .build();
        ServiceRegistration<Resource> reg = Itest.context().registerService(Resource.class, client, null);
        try {
            Okrt okrt = Itest.service(Okrt.class);
            Itest.await(CLIENT + " attached", () -> okrt.resourceId(CLIENT).isPresent(), () -> "");
            SendResult sent = okrt.send(okrt.createActivity("itest.reader", Parameters.EMPTY), CLIENT, "GO", 0);
            assertTrue(sent.toString(), sent.isOk());
            Itest.await("the read answered", () -> errors.containsKey(1L), () -> "");
            assertEquals("", errors.get(1L));
            assertArrayEquals(java.util.Arrays.copyOfRange(image, 8192, 8192 + 65536), read.get(1L));
        } finally {
            reg.unregister();
        }

        // the grid model lists the device with the kernel resources that serve it
        GridAdmin grid = Itest.service(GridAdmin.class);
        Itest.await("the grid model shows scsi0 with drwr.scsi0 and dir.scsi0", () -> device(grid, "scsi0") != null
                && device(grid, "scsi0").resources().containsAll(List.of("dir.scsi0", "drwr.scsi0")),
                () -> String.valueOf(grid.snapshot().devices()));
        GridSnapshot.DeviceView scsi0 = device(grid, "scsi0");
        assertEquals(ScsiHostAdapter.SCSI, scsi0.type());
        assertEquals("org.omnikernel.driver.scsi", scsi0.driver());
        assertTrue(grid.snapshot().dump(), grid.snapshot().dump().contains("device scsi0 (scsi, org.omnikernel.driver.scsi)"));

        scsi.delete();
        Itest.await("the unit's service withdrawn", () -> {
            try {
                return Itest.context().getServiceReferences(StorageUnit.class, "(" + StorageUnit.NAME + "=scsi0.0)").isEmpty();
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "");
        Itest.await("the grid model no longer lists scsi0", () -> device(grid, "scsi0") == null,
                () -> String.valueOf(grid.snapshot().devices()));
    }

    private static GridSnapshot.DeviceView device(GridAdmin grid, String name) {
        return grid.snapshot().devices().stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
    }

    private static Dictionary<String, Object> props(Object... keyValues) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            d.put((String) keyValues[i], keyValues[i + 1]);
        }
        return d;
    }
}
