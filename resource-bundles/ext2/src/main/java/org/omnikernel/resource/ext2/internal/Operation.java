package org.omnikernel.resource.ext2.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.omnikernel.okrt.Activity;
import org.omnikernel.storage.IoReply;

/**
 * One request EXT2R works on: a chain of steps, each one file-system transaction that completes or
 * changes nothing. A step that meets a block that is not resident parks the operation until the
 * block arrives, and is then run again from its start; the steps before it are not run again (a
 * CREATE whose new inode's attributes miss does not create twice).
 */
final class Operation {
    /** Returned by a step that answers later itself (a READ waiting for its data blocks). */
    static final Object LATER = new Object();

    final Activity activity;
    final long affinity;
    /** What the private blocks it writes belong to, for their dependency label: an inode or a directory. */
    final String fileKey;
    private final List<UnaryOperator<Object>> steps;
    private final Consumer<IoReply> finish;
    private int next;
    private Object carried;
    /** Blocks it waits for while parked. */
    final Set<Long> waiting = new HashSet<>();
    /** Times it was parked: bounded, so that a working set larger than the cache fails instead of spinning. */
    int parks;

    /**
     * @param activity who pays for its reads and its private writes
     * @param affinity the affinity label of its messages
     * @param fileKey the file its private blocks belong to
     * @param steps the transactions, each given the previous one's result
     * @param finish receives the answer
     */
    Operation(Activity activity, long affinity, String fileKey, List<UnaryOperator<Object>> steps,
            Consumer<IoReply> finish) {
        this.activity = activity;
        this.affinity = affinity;
        this.fileKey = fileKey;
        this.steps = steps;
        this.finish = finish;
    }

    /**
     * Runs the remaining steps.
     *
     * @throws BlockNotResident from the step that missed; the steps before it stay done
     * @throws Ext2Exception from the step that failed
     */
    void run() {
        while (next < steps.size()) {
            carried = steps.get(next).apply(carried);
            next++;
        }
        if (carried != LATER) {
            finish.accept(IoReply.ok(carried));
        }
    }

    void fail(IoReply failure) {
        finish.accept(failure);
    }
}
