package org.omnikernel.scheduler.wfq;

import java.util.Arrays;

/**
 * The ready clients of one core, as an array-based binary min-heap ordered by VFT (the seed's
 * {@code wq_heap}, Fig 3.3), ties broken by the order clients became ready. Each client records its
 * own index ({@link WfqClient#heapIndex}), so that removing a client from the middle — a suspended
 * or removed client — and restoring order after its VFT grew are O(log n), not the O(n) of
 * {@link java.util.PriorityQueue#remove(Object)}. Used by one core's thread only.
 */
final class VftHeap {

    private WfqClient[] heap = new WfqClient[16];
    private int size;
    private long sequence;

    /** @return whether no client is ready */
    boolean isEmpty() {
        return size == 0;
    }

    /** @return the number of ready clients */
    int size() {
        return size;
    }

    /** @return the client with the lowest VFT, or null */
    WfqClient peek() {
        return size == 0 ? null : heap[0];
    }

    /**
     * @param e a client not in the heap
     */
    void add(WfqClient e) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        e.heapSeq = sequence++;
        heap[size] = e;
        e.heapIndex = size;
        size++;
        siftUp(size - 1);
    }

    /** @return the client with the lowest VFT, removed, or null */
    WfqClient poll() {
        if (size == 0) {
            return null;
        }
        WfqClient top = heap[0];
        removeAt(0);
        return top;
    }

    /**
     * @param e a client; nothing happens when it is not in the heap
     */
    void remove(WfqClient e) {
        if (e.heapIndex >= 0) {
            removeAt(e.heapIndex);
        }
    }

    /**
     * Restores order after a client's VFT changed while it was in the heap.
     *
     * @param e the client
     */
    void changed(WfqClient e) {
        int i = e.heapIndex;
        if (i < 0) {
            return;
        }
        siftDown(i);
        if (heap[i] == e) {
            siftUp(i);
        }
    }

    /** Restores order after many VFTs changed (a reset), in O(n). */
    void rebuild() {
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    private void removeAt(int i) {
        WfqClient gone = heap[i];
        size--;
        WfqClient last = heap[size];
        heap[size] = null;
        gone.heapIndex = -1;
        if (i != size) {
            heap[i] = last;
            last.heapIndex = i;
            siftDown(i);
            if (heap[i] == last) {
                siftUp(i);
            }
        }
    }

    private void siftUp(int i) {
        WfqClient e = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            WfqClient p = heap[parent];
            if (!before(e, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = e;
        e.heapIndex = i;
    }

    private void siftDown(int i) {
        WfqClient e = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            WfqClient c = heap[child];
            if (!before(c, e)) {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = e;
        e.heapIndex = i;
    }

    private static boolean before(WfqClient a, WfqClient b) {
        return a.vft < b.vft || (a.vft == b.vft && a.heapSeq < b.heapSeq);
    }
}
