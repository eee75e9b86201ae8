package org.omnikernel.syscall;

/**
 * A resource id (the seed's {@code vx_rid_t}): a process's handle on a kernel object — a thread, an
 * aggregate, a message queue, a child process. RIDs are per process: a number means nothing in
 * another process.
 *
 * @param value the number; {@link #NONE} is "no RID" (the seed's {@code VX_RID_NRID})
 */
public record Rid(long value) {

    /** No RID: where a call takes an optional RID, it means "the process's default". */
    public static final Rid NONE = new Rid(0);

    @Override
    public String toString() {
        return "rid " + value;
    }
}
