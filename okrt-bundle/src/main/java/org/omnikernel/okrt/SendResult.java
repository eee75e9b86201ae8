package org.omnikernel.okrt;

/**
 * What became of a send or reply: OKRT checks the destination, the request type, the arguments and
 * the activity before queueing, and returns the error to the sender instead of dropping the message
 * (seed §3.1.2, the {@code vxerr_t} of Fig 3.7).
 *
 * @param status the outcome
 * @param detail a sentence naming what was wrong; empty when {@link Status#OK}
 */
public record SendResult(Status status, String detail) {

    /** The message was queued. */
    public static final SendResult OK = new SendResult(Status.OK, "");

    /** Outcomes of a send. */
    public enum Status {
        /** Queued at the destination. */
        OK,
        /** No resource has that id or name, or it has been removed. */
        NO_SUCH_RESOURCE,
        /** The destination's interface declares no such request type. */
        UNKNOWN_REQUEST_TYPE,
        /** The arguments do not match the request type's declaration. */
        BAD_ARGUMENTS,
        /** The activity has been terminated. */
        ACTIVITY_TERMINATED,
        /** The caller may not do this (for example attribute to an activity it did not inherit). */
        NOT_PERMITTED
    }

    /**
     * @param status the error
     * @param detail what was wrong
     * @return the result
     */
    public static SendResult error(Status status, String detail) {
        return new SendResult(status, detail);
    }

    /** @return whether the message was queued */
    public boolean isOk() {
        return status == Status.OK;
    }

    @Override
    public String toString() {
        return isOk() ? "OK" : status + ": " + detail;
    }
}
