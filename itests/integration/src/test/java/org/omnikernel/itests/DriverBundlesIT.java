package org.omnikernel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.omnikernel.hal.Machine;
import org.omnikernel.hal.device.BlockCompletion;
import org.omnikernel.hal.device.BlockDevice;
import org.omnikernel.hal.device.BlockRequest;
import org.omnikernel.hal.device.DeviceHandle;
import org.omnikernel.hal.device.DeviceInfo;
import org.omnikernel.hal.device.DeviceListener;
import org.omnikernel.hal.device.ScsiCommand;
import org.omnikernel.hal.device.ScsiCompletion;
import org.omnikernel.hal.device.ScsiHostAdapter;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The shipped driver bundles in Felix: a Config Admin factory configuration brings up a file-backed
 * disk (creating its image) and a SCSI host adapter; each shows in the HAL's registry and serves
 * requests whose completions come back as interrupts on kernel cores; a bad configuration registers
 * nothing and breaks nothing; deleting a configuration removes its device.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverBundlesIT {

    @Configuration
    public Option[] config() {
        Path file = Itest.writeConfig("drivers-schedulerconfig.xml", """
                <?xml version="1.0"?>
                <schedulerconfig>
                  <cpuscheduler scheduler="roundrobin" core="0-?"/>
                  <resourcescheduler resource="*" scheduler="roundrobin" core="0-?" cpushare="10000"/>
                </schedulerconfig>
                """);
        return Itest.kernelFramework(file, "configadmin", "filedisk", "scsi");
    }

    @Test
    public void configuredDriversBringUpDevicesThatServeThroughInterrupts() throws Exception {
        Machine machine = Itest.service(Machine.class);
        ConfigurationAdmin admin = Itest.service(ConfigurationAdmin.class);
        Path dir = Files.createTempDirectory("drivers");
        Path diskImage = dir.resolve("disk0.img");
        Path lun = dir.resolve("lun0.img");
        try (RandomAccessFile f = new RandomAccessFile(lun.toFile(), "rw")) {
            f.setLength(1 << 20);
        }

        org.osgi.service.cm.Configuration disk = admin.createFactoryConfiguration("org.omnikernel.driver.filedisk", "?");
        disk.update(props("name", "disk0", "image", diskImage.toString(), "create.bytes", 4L << 20, "model", "rotational"));
        org.osgi.service.cm.Configuration scsi = admin.createFactoryConfiguration("org.omnikernel.driver.scsi", "?");
        scsi.update(props("name", "scsi0", "luns", new String[] {lun.toString()}));
        org.osgi.service.cm.Configuration bad = admin.createFactoryConfiguration("org.omnikernel.driver.filedisk", "?");
        bad.update(props("name", "disk9", "image", diskImage.toString(), "model", "ssd"));

        Itest.await("disk0 and scsi0 running", () -> running(machine, "disk0") && running(machine, "scsi0"),
                () -> String.valueOf(machine.devices().devices()));
        assertEquals(4L << 20, Files.size(diskImage));
        assertTrue("the bad configuration registered nothing", info(machine, "disk9") == null);

        BlockingQueue<Object> completions = new LinkedBlockingQueue<>();
        Object[] devices = new Object[2];
        DeviceListener kernelSide = new DeviceListener() {
            @Override
            public void deviceAdded(DeviceHandle d) {
                if (d.name().equals("disk0")) {
                    devices[0] = d.device();
                } else if (d.name().equals("scsi0")) {
                    devices[1] = d.device();
                } else {
                    return;
                }
                d.interrupt().handler((payload, core) -> completions.add(payload));
            }

            @Override
            public void deviceRemoved(DeviceHandle d) {
                // checked through the registry below
            }
        };
        machine.devices().addListener(kernelSide);
        try {
            BlockDevice d0 = (BlockDevice) devices[0];
            assertEquals(8192, d0.blockCount());
            assertTrue(d0.submit(new BlockRequest(1, BlockRequest.Op.WRITE, 8, 8, ByteBuffer.allocate(4096))));
            BlockCompletion w = (BlockCompletion) completions.poll(10, TimeUnit.SECONDS);
            assertTrue(String.valueOf(w), w != null && w.ok());

            ScsiHostAdapter s0 = (ScsiHostAdapter) devices[1];
            ByteBuffer capacity = ByteBuffer.allocate(8);
            byte[] readCapacity10 = new byte[10];
            readCapacity10[0] = 0x25;
            assertTrue(s0.submit(new ScsiCommand(2, 0, readCapacity10, capacity, ScsiCommand.Direction.IN)));
            ScsiCompletion c = (ScsiCompletion) completions.poll(10, TimeUnit.SECONDS);
            assertTrue(String.valueOf(c), c != null && c.ok());
            assertEquals(2047, capacity.getInt(0));
        } finally {
            machine.devices().removeListener(kernelSide);
        }

        disk.delete();
        scsi.delete();
        bad.delete();
        Itest.await("both devices gone", () -> info(machine, "disk0") == null && info(machine, "scsi0") == null,
                () -> String.valueOf(machine.devices().devices()));
    }

    private static Dictionary<String, Object> props(Object... keyValues) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            d.put((String) keyValues[i], keyValues[i + 1]);
        }
        return d;
    }

    private static DeviceInfo info(Machine m, String name) {
        return m.devices().devices().stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
    }

    private static boolean running(Machine m, String name) {
        DeviceInfo d = info(m, name);
        return d != null && d.state().equals("running");
    }
}
