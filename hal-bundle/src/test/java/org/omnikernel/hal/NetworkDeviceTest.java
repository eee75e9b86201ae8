package org.omnikernel.hal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.omnikernel.hal.device.Device;
import org.omnikernel.hal.device.DeviceContext;
import org.omnikernel.hal.device.DeviceHandle;
import org.omnikernel.hal.device.DeviceInfo;
import org.omnikernel.hal.device.DeviceListener;
import org.omnikernel.hal.device.FrameReceived;
import org.omnikernel.hal.device.NetworkDevice;
import org.omnikernel.hal.device.TransmitCompleted;

/**
 * The driver SPI for a NIC: the registry adopts it as it adopts a disk, a full transmit ring says so,
 * and its transmit completions and received frames reach the kernel's low-level handler on a core as
 * interrupts, in the order the NIC raised them.
 */
class NetworkDeviceTest {

    /** A loopback NIC with a ring of one frame: its wire thread completes the transmit and receives the frame. */
    static final class LoopbackNic implements NetworkDevice {
        final ExecutorService wire = Executors.newSingleThreadExecutor();
        final AtomicInteger inRing = new AtomicInteger();
        volatile DeviceContext context;

        @Override
        public String name() {
            return "loop0";
        }

        @Override
        public void start(DeviceContext ctx) {
            context = ctx;
        }

        @Override
        public void stop() {
            wire.shutdownNow();
        }

        @Override
        public byte[] macAddress() {
            return new byte[] {2, 0, 0, 0, 0, 1};
        }

        @Override
        public int mtu() {
            return 1500;
        }

        @Override
        public long linkBitsPerSecond() {
            return 1_000_000_000L;
        }

        @Override
        public boolean transmit(ByteBuffer frame) {
            if (!inRing.compareAndSet(0, 1)) {
                return false;
            }
            ByteBuffer copy = ByteBuffer.allocate(frame.remaining()).put(frame).flip();
            wire.execute(() -> {
                inRing.set(0);
                context.raise(new TransmitCompleted(1));
                context.raise(new FrameReceived(copy));
            });
            return true;
        }
    }

    @Test
    void aNicsTransmitCompletionsAndReceivedFramesArriveAsInterruptsInTheOrderRaised() throws Exception {
        Machine machine = Machine.create(2, 64 * 1024);
        List<CoreLoop> loops = List.of(CoreLoop.start(machine.core(0)), CoreLoop.start(machine.core(1)));
        List<Object> got = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch tenInterrupts = new CountDownLatch(10);
        LoopbackNic nic = new LoopbackNic();
        try {
            machine.devices().addListener(new DeviceListener() {
                @Override
                public void deviceAdded(DeviceHandle d) {
                    d.interrupt().handler((payload, core) -> {
                        got.add(payload);
                        tenInterrupts.countDown();
                    });
                }

                @Override
                public void deviceRemoved(DeviceHandle d) {
                    d.interrupt().handler(null);
                }
            });
            assertNotNull(machine.devices().add(nic, "org.example.loopback"));
            DeviceInfo info = machine.devices().devices().get(0);
            assertEquals(Device.NIC, info.type());
            assertEquals("running", info.state());

            for (int i = 0; i < 5; i++) {
                byte[] frame = new byte[60];
                frame[0] = (byte) i;
                ByteBuffer f = ByteBuffer.wrap(frame);
                while (!nic.transmit(f)) {
                    Thread.onSpinWait();   // the ring is full until the wire has taken the frame before
                }
            }
            assertTrue(tenInterrupts.await(10, TimeUnit.SECONDS), "interrupts so far: " + got);
            assertEquals(10, got.size(), "a completion and a frame per transmit: " + got);
            for (int i = 0; i < 5; i++) {
                assertEquals(new TransmitCompleted(1), got.get(2 * i));
                ByteBuffer received = ((FrameReceived) got.get(2 * i + 1)).frame();
                byte[] want = new byte[60];
                want[0] = (byte) i;
                byte[] bytes = new byte[received.remaining()];
                received.get(bytes);
                assertArrayEquals(want, bytes, "frame " + i + " in order");
            }
            InterruptStatistics line = machine.interrupts().statistics().get(0);
            assertEquals("loop0", line.name());
            assertEquals(10, line.serviced());
        } finally {
            machine.devices().remove(nic);
            for (CoreLoop l : loops) {
                l.stop();
            }
        }
        assertTrue(nic.wire.isShutdown(), "removing the NIC stopped it");
    }
}
