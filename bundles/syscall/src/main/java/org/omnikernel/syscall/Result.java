package org.omnikernel.syscall;

import java.util.Objects;

/**
 * The outcome of a system call: a value, or an {@link Err} with a message that names what was wrong.
 *
 * <pre>{@code
 * Result<Rid> mq = sys.aopen("/messagequeue");
 * if (!mq.isOk()) {
 *     return mq.error().ordinal();   // the process carries on; so does the kernel
 * }
 * }</pre>
 *
 * @param <T> the value's type ({@link Void} for calls with nothing to return)
 */
public final class Result<T> {

    private static final Result<Void> OK = new Result<>(null, null, "");

    private final T value;
    private final Err error;
    private final String message;

    private Result(T value, Err error, String message) {
        this.value = value;
        this.error = error;
        this.message = message;
    }

    /**
     * @param value the value
     * @param <T>   its type
     * @return a success carrying it
     */
    public static <T> Result<T> ok(T value) {
        return new Result<>(value, null, "");
    }

    /** @return the success of a call with nothing to return */
    public static Result<Void> ok() {
        return OK;
    }

    /**
     * @param error   the code
     * @param message what was wrong
     * @param <T>     the value type the call would have returned
     * @return a failure
     */
    public static <T> Result<T> error(Err error, String message) {
        return new Result<>(null, Objects.requireNonNull(error), Objects.requireNonNull(message));
    }

    /**
     * @param <U> the other value type
     * @return this failure as a result of another value type
     * @throws IllegalStateException when this is a success
     */
    public <U> Result<U> cast() {
        if (error == null) {
            throw new IllegalStateException("a success cannot be recast");
        }
        return new Result<>(null, error, message);
    }

    /** @return whether the call succeeded */
    public boolean isOk() {
        return error == null;
    }

    /** @return the error code, or null on success */
    public Err error() {
        return error;
    }

    /** @return what was wrong; empty on success */
    public String message() {
        return message;
    }

    /**
     * @return the value
     * @throws IllegalStateException on a failure: a program that wants the value unchecked asked for it
     */
    public T value() {
        if (error != null) {
            throw new IllegalStateException("no value: " + this);
        }
        return value;
    }

    /**
     * @param fallback the value to use on failure
     * @return the value, or the fallback
     */
    public T orElse(T fallback) {
        return error == null ? value : fallback;
    }

    @Override
    public String toString() {
        return error == null ? "ok " + value : error + ": " + message;
    }
}
