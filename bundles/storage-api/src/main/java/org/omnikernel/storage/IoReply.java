package org.omnikernel.storage;

import org.omnikernel.syscall.Err;

/**
 * The outcome carried by {@link FileProtocol#DONE}, {@link FileCacheProtocol#DONE} and
 * {@link FlowProtocol#DONE} answers: a value, or an error code with a sentence saying what was wrong.
 * The system-call layer hands the code and sentence to the program unchanged.
 *
 * @param value   the value on success (its type is given per request type), else null
 * @param error   null on success, else the error code
 * @param message empty on success, else what was wrong, naming the path, handle or volume
 */
public record IoReply(Object value, Err error, String message) {

    /** Normalises the message. */
    public IoReply {
        message = message == null ? "" : message;
    }

    /**
     * @param value the value, or null for requests that answer nothing
     * @return a success
     */
    public static IoReply ok(Object value) {
        return new IoReply(value, null, "");
    }

    /**
     * @param error   the code
     * @param message what was wrong
     * @return a failure
     */
    public static IoReply fail(Err error, String message) {
        return new IoReply(null, java.util.Objects.requireNonNull(error, "error"), message);
    }

    /** @return whether it succeeded */
    public boolean isOk() {
        return error == null;
    }

    /**
     * @param type the value's expected type
     * @param <T>  that type
     * @return the value
     * @throws IllegalStateException when it failed, naming the error
     */
    public <T> T value(Class<T> type) {
        if (error != null) {
            throw new IllegalStateException(error + ": " + message);
        }
        return type.cast(value);
    }
}
