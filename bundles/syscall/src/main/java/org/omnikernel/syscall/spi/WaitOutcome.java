package org.omnikernel.syscall.spi;

/** Why a blocked kernel thread runs again. */
public enum WaitOutcome {
    /** Someone woke it with its token. */
    WOKEN,
    /** Its timeout expired first. */
    TIMED_OUT
}
