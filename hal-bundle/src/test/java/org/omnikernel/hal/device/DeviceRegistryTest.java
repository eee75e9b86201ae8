package org.omnikernel.hal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.omnikernel.hal.Machine;

class DeviceRegistryTest {

    /** A RAM disk: completes every request at once, from the caller's thread. */
    static final class RamDisk implements BlockDevice {
        final String name;
        final byte[] bytes = new byte[512 * 16];
        DeviceContext context;
        boolean stopped;
        String startFailure;

        RamDisk(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start(DeviceContext ctx) throws Exception {
            if (startFailure != null) {
                throw new java.io.IOException(startFailure);
            }
            this.context = ctx;
        }

        @Override
        public void stop() {
            stopped = true;
        }

        @Override
        public int blockSize() {
            return 512;
        }

        @Override
        public long blockCount() {
            return 16;
        }

        @Override
        public int queueDepth() {
            return 1;
        }

        @Override
        public boolean submit(BlockRequest r) {
            r.checkAgainst(this);
            int off = (int) r.block() * 512;
            int len = r.blocks() * 512;
            if (r.op() == BlockRequest.Op.READ) {
                r.buffer().put(bytes, off, len);
            } else if (r.op() == BlockRequest.Op.WRITE) {
                r.buffer().get(bytes, off, len);
            }
            return context.raise(new BlockCompletion(r, null));
        }
    }

    private final Machine machine = Machine.create(1, 64 * 1024);
    private final List<String> events = new ArrayList<>();
    private final DeviceListener listener = new DeviceListener() {
        @Override
        public void deviceAdded(DeviceHandle d) {
            events.add("+" + d.name());
            d.interrupt().handler((payload, core) -> { });
        }

        @Override
        public void deviceRemoved(DeviceHandle d) {
            events.add("-" + d.name());
        }
    };

    @Test
    void aDeviceGetsAnInterruptLineIsAnnouncedAndStarted() {
        DeviceRegistry r = machine.devices();
        r.addListener(listener);
        RamDisk disk = new RamDisk("ram0");
        DeviceHandle h = r.add(disk, "org.example.ramdisk");
        assertNotNull(h);
        assertNotNull(disk.context, "started");
        assertEquals("ram0", h.interrupt().name());
        assertEquals(List.of("+ram0"), events);
        DeviceInfo info = r.devices().get(0);
        assertEquals("running", info.state());
        assertEquals("block", info.type());
        assertEquals("org.example.ramdisk", info.driver());

        ByteBuffer data = ByteBuffer.allocate(1024);
        assertTrue(disk.submit(new BlockRequest(1, BlockRequest.Op.WRITE, 2, 2, data)));
        assertEquals(1, r.devices().get(0).interrupt().raised(), "the completion came as an interrupt");

        r.remove(disk);
        assertTrue(disk.stopped);
        assertEquals(List.of("+ram0", "-ram0"), events);
        assertTrue(r.devices().isEmpty());
    }

    @Test
    void aListenerAddedLaterHearsOfRunningDevices() {
        DeviceRegistry r = machine.devices();
        r.add(new RamDisk("ram1"), "d");
        r.addListener(listener);
        assertEquals(List.of("+ram1"), events);
    }

    @Test
    void aDeviceThatFailsToStartIsKeptAsFailedWithTheReasonAndNothingElseChanges() {
        DeviceRegistry r = machine.devices();
        r.addListener(listener);
        RamDisk broken = new RamDisk("ram2");
        broken.startFailure = "no medium";
        assertNull(r.add(broken, "d"));
        DeviceInfo info = r.devices().get(0);
        assertEquals("failed", info.state());
        assertTrue(info.failure().contains("no medium"), info.failure());
        assertEquals(List.of("+ram2", "-ram2"), events, "the kernel side was told to undo what it built");
        assertTrue(machine.interrupts().statistics().isEmpty(), "its interrupt line was released");
        r.remove(broken);
        assertTrue(r.devices().isEmpty());
    }

    @Test
    void badOrDuplicateNamesAreRefusedWithAReason() {
        DeviceRegistry r = machine.devices();
        assertNotNull(r.add(new RamDisk("ram3"), "first"));
        assertNull(r.add(new RamDisk("ram3"), "second"));
        assertNull(r.add(new RamDisk("no spaces"), "third"));
        List<DeviceInfo> failed = r.devices().stream().filter(d -> d.state().equals("failed")).toList();
        assertEquals(2, failed.size());
        assertTrue(failed.get(0).failure().contains("runs already (driver first)"), failed.get(0).failure());
        assertTrue(failed.get(1).failure().contains("not 1-64 letters"), failed.get(1).failure());
    }

    @Test
    void aRequestOutsideTheDeviceIsRefusedNamingIt() {
        RamDisk disk = new RamDisk("ram4");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BlockRequest(1, BlockRequest.Op.READ, 15, 2, ByteBuffer.allocate(1024)).checkAgainst(disk));
        assertTrue(e.getMessage().contains("outside the device's 16 blocks"), e.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> new BlockRequest(2, BlockRequest.Op.WRITE, 0, 2, ByteBuffer.allocate(100)).checkAgainst(disk));
        assertTrue(size.getMessage().contains("needs 1024 bytes"), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BlockRequest(3, BlockRequest.Op.READ, 0, 0, null));
    }
}
