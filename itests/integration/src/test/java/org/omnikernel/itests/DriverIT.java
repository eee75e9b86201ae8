package org.omnikernel.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * A driver bundle written against the HAL's SPI only (itest bundle {@code ramdisk}) brings its
 * devices into the running kernel: ram0 gets an interrupt line, its completions come back as
 * interrupts serviced on kernel cores; broken0, whose start fails, is listed as failed with its
 * reason; stopping the driver bundle removes both, and the kernel runs on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverIT {

    @Configuration
    public Option[] config() {
        Path file = Itest.writeConfig("driver-schedulerconfig.xml", """
                <?xml version="1.0"?>
                <schedulerconfig>
                  <cpuscheduler scheduler="roundrobin" core="0-?"/>
                  <resourcescheduler resource="*" scheduler="roundrobin" core="0-?" cpushare="10000"/>
                </schedulerconfig>
                """);
        return Itest.kernelFramework(file, "ramdisk");
    }

    @Test
    public void aDriverBundlesDevicesComeAndGoWithTheirInterrupts() throws Exception {
        Okrt okrt = Itest.service(Okrt.class);
        Machine machine = Itest.service(Machine.class);
        Itest.await("ram0 running and broken0 failed", () -> state(machine, "ram0").equals("running")
                && state(machine, "broken0").equals("failed"), () -> String.valueOf(machine.devices().devices()));
        DeviceInfo broken = info(machine, "broken0");
        assertTrue(broken.failure(), broken.failure().contains("no medium in broken0"));
        assertEquals("org.omnikernel.itest.ramdisk", broken.driver());

        BlockingQueue<String> completions = new LinkedBlockingQueue<>();
        List<String> removed = new CopyOnWriteArrayList<>();
        BlockDevice[] ram0 = new BlockDevice[1];
        DeviceListener kernelSide = new DeviceListener() {
            @Override
            public void deviceAdded(DeviceHandle d) {
                if (d.name().equals("ram0")) {
                    ram0[0] = (BlockDevice) d.device();
                    d.interrupt().handler((payload, core) -> completions.add(Thread.currentThread().getName() + " "
                            + ((BlockCompletion) payload).request().op() + " " + ((BlockCompletion) payload).ok()));
                }
            }

            @Override
            public void deviceRemoved(DeviceHandle d) {
                removed.add(d.name());
            }
        };
        machine.devices().addListener(kernelSide);
        try {
            byte[] written = new byte[1024];
            for (int i = 0; i < written.length; i++) {
                written[i] = (byte) (i * 7);
            }
            assertTrue(ram0[0].submit(new BlockRequest(1, BlockRequest.Op.WRITE, 10, 2, ByteBuffer.wrap(written))));
            String w = completions.poll(10, TimeUnit.SECONDS);
            assertTrue("the completion came as an interrupt on a kernel core: " + w, w != null && w.startsWith("okrt-core-")
                    && w.endsWith("WRITE true"));
            ByteBuffer read = ByteBuffer.allocate(1024);
            assertTrue(ram0[0].submit(new BlockRequest(2, BlockRequest.Op.READ, 10, 2, read)));
            String r = completions.poll(10, TimeUnit.SECONDS);
            assertTrue(String.valueOf(r), r != null && r.endsWith("READ true"));
            assertArrayEquals(written, read.array());
            assertEquals(2, info(machine, "ram0").interrupt().serviced());
            long irq = okrt.statistics().cores().stream().mapToLong(CoreStatistics::interruptNanos).sum();
            assertTrue("the cores timed the low-level handlers: " + irq, irq > 0);

            Bundle driver = Itest.installedBundle("org.omnikernel.itest.ramdisk");
            driver.stop();
            assertEquals(List.of("ram0"), removed);
            assertFalse(machine.devices().devices().stream().anyMatch(d -> d.name().equals("ram0") || d.name().equals("broken0")));
            assertTrue("the kernel runs on", okrt.statistics().cores().size() == 2 && okrt.resourceId("resource.pong").isPresent());
            driver.start();
            Itest.await("ram0 back after the driver restarted", () -> state(machine, "ram0").equals("running"),
                    () -> String.valueOf(machine.devices().devices()));
        } finally {
            machine.devices().removeListener(kernelSide);
        }
    }

    private static DeviceInfo info(Machine m, String name) {
        return m.devices().devices().stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
    }

    private static String state(Machine m, String name) {
        DeviceInfo d = info(m, name);
        return d == null ? "absent" : d.state();
    }
}
