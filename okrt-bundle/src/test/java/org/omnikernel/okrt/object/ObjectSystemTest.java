package org.omnikernel.okrt.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ObjectSystemTest {

    private static final class Conn extends KObject {
        final AtomicInteger disposals = new AtomicInteger();

        @Override
        protected void onDispose() {
            disposals.incrementAndGet();
        }
    }

    @Test
    void releaseOfTheLastReferenceDisposesOnce() {
        Conn c = new Conn();
        Conn d = new Conn();
        assertNotEquals(c.uid(), d.uid());
        c.retain();
        assertFalse(c.release());
        assertTrue(c.release(), "the last release disposes");
        assertTrue(c.isDisposed());
        assertEquals(1, c.disposals.get());
        assertThrows(IllegalStateException.class, c::retain);
        assertThrows(IllegalStateException.class, c::release);
        assertEquals(1, c.disposals.get());
    }

    @Test
    void weakReferenceToADisposedObjectDoesNotLock() {
        Conn c = new Conn();
        WeakRef<Conn> ref = c.weakRef();
        Conn locked = ref.lock().orElseThrow();
        assertTrue(locked.isLockedByCurrentThread());
        locked.unlock();
        c.release();
        assertTrue(ref.lock().isEmpty(), "disposed: lock refused");
        assertTrue(ref.retain().isEmpty(), "disposed: no strong upgrade");
        assertFalse(c.isLockedByCurrentThread());
    }

    @Test
    void disposalWaitsForALockHolderSoLockIfAliveIsAtomic() throws Exception {
        Conn c = new Conn();
        WeakRef<Conn> ref = c.weakRef();
        Conn held = ref.lock().orElseThrow();
        Thread releaser = new Thread(c::release);
        releaser.start();
        releaser.join(100);
        assertTrue(releaser.isAlive(), "release blocks while another holds the object's lock");
        assertFalse(c.isDisposed());
        held.unlock();
        releaser.join(5000);
        assertTrue(c.isDisposed());
        assertTrue(ref.lock().isEmpty());
    }

    @Test
    void weakDictionaryDropsEntriesOfDisposedObjectsLazily() {
        WeakDictionary<String, Conn> d = new WeakDictionary<>();
        Conn a = new Conn();
        Conn b = new Conn();
        d.put("a", a);
        d.put("b", b);
        Conn strong = d.retain("a").orElseThrow();
        assertEquals(2, a.refCount());
        strong.release();
        b.release();
        assertEquals(2, d.rawSize(), "nothing dropped until touched");
        assertTrue(d.lock("b").isEmpty());
        assertEquals(1, d.rawSize(), "the lookup dropped the dead entry");
        a.release();
        for (int i = 0; i < 8; i++) {
            Conn fresh = new Conn();
            d.put("k" + i, fresh);
        }
        assertTrue(d.lock("a").isEmpty());
        assertEquals(8, d.size());
    }

    @Test
    void closureHoldsStrongArgumentsUntilItEndsAndDestroyCallsBackOnce() {
        Conn c = new Conn();
        AtomicInteger destroyed = new AtomicInteger();
        AtomicInteger invoked = new AtomicInteger();
        long live = Closure.live();
        Closure run = Closure.of(args -> invoked.incrementAndGet()).strong(c).arg(7).build();
        Closure drop = Closure.of(args -> invoked.incrementAndGet()).strong(c)
                .onDestroy(args -> destroyed.addAndGet((Integer) args.get(1))).arg(5).build();
        assertEquals(3, c.refCount());
        assertEquals(live + 2, Closure.live());
        assertEquals(List.of(c, 7), run.arguments());
        run.invoke();
        assertEquals(2, c.refCount());
        assertThrows(IllegalStateException.class, run::invoke);
        drop.destroy();
        drop.destroy();
        assertEquals(5, destroyed.get(), "the destroy callback ran once with the arguments");
        assertEquals(1, invoked.get());
        assertEquals(1, c.refCount());
        assertEquals(live, Closure.live());
    }

    @Test
    void aBufferIsImmutableWhileShared() {
        Buffer b = Buffer.of(new byte[] {1, 2, 3});
        b.write(0, new byte[] {9}, 0, 1);
        b.retain();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.write(1, new byte[] {9}, 0, 1));
        assertTrue(e.getMessage().contains("shared by 2 references"), e.getMessage());
        Buffer mine = b.copy();
        mine.write(1, new byte[] {8}, 0, 1);
        assertEquals(2, b.get(1), "the shared buffer kept its bytes");
        assertEquals(8, mine.get(1));
        b.release();
        b.release();
        assertThrows(IllegalStateException.class, () -> b.get(0));
        assertThrows(UnsupportedOperationException.class, () -> mine.view().array());
    }

    @Test
    void slicesShareBytesAndMakeEveryBufferOfThemReadOnly() {
        Buffer whole = Buffer.allocate(12);
        whole.write(0, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 0, 12);
        Buffer a = whole.slice(0, 4);
        Buffer b = whole.slice(4, 4);
        Buffer c = whole.slice(8, 4);
        assertEquals(5, b.get(1));
        assertEquals(4, b.view().get(0), "a slice's view starts at the slice");
        assertEquals(4, b.view().remaining());
        assertTrue(a.isContinuedBy(b));
        assertTrue(b.isContinuedBy(c));
        assertFalse(a.isContinuedBy(c));
        assertFalse(a.isContinuedBy(Buffer.allocate(4)), "other memory never continues a buffer");
        Buffer ab = a.sliceThrough(b);
        assertEquals(8, ab.length());
        assertEquals(7, ab.get(7));
        Buffer ac = a.sliceThrough(c);
        assertEquals(12, ac.length());
        assertEquals(11, ac.view().get(11));
        assertThrows(IllegalArgumentException.class, () -> c.sliceThrough(a), "backwards");
        assertThrows(IllegalArgumentException.class, () -> a.sliceThrough(Buffer.allocate(4)));
        assertThrows(IndexOutOfBoundsException.class, () -> whole.slice(10, 4));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.write(0, new byte[] {9}, 0, 1));
        assertTrue(e.getMessage().contains("slice"), e.getMessage());
        assertThrows(IllegalStateException.class, whole::writableView, "the sliced buffer is read-only too");
        whole.release();
        assertEquals(6, b.get(2), "releasing the sliced buffer does not end its slices");
        Buffer mine = b.copy();
        mine.write(0, new byte[] {9}, 0, 1);
        assertEquals(9, mine.get(0));
        assertEquals(4, b.get(0));
        assertFalse(mine.isSliced());
    }
}
