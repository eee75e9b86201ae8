package org.omnikernel.resource.thread.internal;

/** Why a kernel thread gave its core back to the TR handler that dispatched it. */
enum HandBack {
    /** Its timeslice ended (or its aggregate was suspended): ready again, behind the others. */
    SLICE_END,
    /** It yielded: ready again, behind the others. */
    YIELD,
    /** It waits for a wake-up or a timeout. */
    BLOCK,
    /** It exited. */
    EXIT
}
