package org.omnikernel.bench;

import java.util.HashSet;
import java.util.Set;

import org.omnikernel.okrt.DependencyLabel;

/** The checks of one dependency label; the handler updates it under its monitor. */
final class SwapChain {
    final DependencyLabel label;
    /** Every sequence number below it has run (exactly once); read by the sender for its window. */
    volatile long next;
    /** Sequence numbers above {@link #next} that ran early; bounded by the window. */
    final Set<Long> ahead = new HashSet<>();
    long highest = -1;
    long invocations;
    long duplicates;
    long violations;
    /** Messages queued; written by the sender thread only. */
    volatile long sent;

    SwapChain(DependencyLabel label) {
        this.label = label;
    }

    synchronized void ran(long seq) {
        invocations++;
        if (seq < next || ahead.contains(seq)) {
            duplicates++;
            return;
        }
        if (seq < highest) {
            violations++; // ran after a later message of its chain
        }
        highest = Math.max(highest, seq);
        if (seq == next) {
            long n = seq + 1;
            while (ahead.remove(n)) {
                n++;
            }
            next = n;
        } else {
            ahead.add(seq);
        }
    }

    synchronized long distinct() {
        return next + ahead.size();
    }
}
