package org.omnikernel.okrt.object;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A deferred function call with its arguments (seed §3.1.3, §3.1.4.1): a continuation a resource
 * keeps while it waits for a reply, or passes inside a message.
 *
 * <p>Arguments added with {@link Builder#strong(KObject)} are retained at creation and released when
 * the closure ends, so the objects outlive every message that carries the closure. A closure ends
 * exactly once: by {@link #invoke()}, or by {@link #destroy()} when it will never run, which calls
 * the destroy callback (the seed's "invocation upon closure destruction") so that a provider learns
 * that an operation failed because its activity was terminated. OKRT destroys the closures found
 * in the arguments of messages it discards.
 */
public final class Closure {

    private static final AtomicLong LIVE = new AtomicLong();

    private final Consumer<List<Object>> function;
    private final Consumer<List<Object>> onDestroy;
    private final List<Object> arguments;
    private final List<KObject> strong;
    private final AtomicBoolean ended = new AtomicBoolean();

    private Closure(Builder b) {
        this.function = b.function;
        this.onDestroy = b.onDestroy;
        this.arguments = Collections.unmodifiableList(new ArrayList<>(b.arguments));
        this.strong = List.copyOf(b.strong);
        LIVE.incrementAndGet();
    }

    /**
     * @param function the function to call with the arguments
     * @return a builder
     */
    public static Builder of(Consumer<List<Object>> function) {
        return new Builder(Objects.requireNonNull(function, "function"));
    }

    /** @return closures created and not yet ended, kernel-wide: a leak shows here */
    public static long live() {
        return LIVE.get();
    }

    /** @return the arguments, for introspection (the seed's {@code closure_args_peek}) */
    public List<Object> arguments() {
        return arguments;
    }

    /** @return whether the closure has been invoked or destroyed */
    public boolean isEnded() {
        return ended.get();
    }

    /**
     * Calls the function, then releases the strong references.
     *
     * @throws IllegalStateException when the closure already ended
     */
    public void invoke() {
        end("invoked");
        try {
            function.accept(arguments);
        } finally {
            releaseStrong();
        }
    }

    /**
     * Ends the closure unrun: calls the destroy callback, if any, then releases the strong references.
     * Does nothing when the closure already ended.
     */
    public void destroy() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        LIVE.decrementAndGet();
        try {
            if (onDestroy != null) {
                onDestroy.accept(arguments);
            }
        } finally {
            releaseStrong();
        }
    }

    private void end(String how) {
        if (!ended.compareAndSet(false, true)) {
            throw new IllegalStateException("closure " + how + " after it already ended");
        }
        LIVE.decrementAndGet();
    }

    private void releaseStrong() {
        for (KObject o : strong) {
            o.release();
        }
    }

    /** Builds a {@link Closure}. */
    public static final class Builder {
        private final Consumer<List<Object>> function;
        private Consumer<List<Object>> onDestroy;
        private final List<Object> arguments = new ArrayList<>();
        private final List<KObject> strong = new ArrayList<>();

        private Builder(Consumer<List<Object>> function) {
            this.function = function;
        }

        /**
         * @param value an argument passed by value (the seed's lower-case format letters)
         * @return this builder
         */
        public Builder arg(Object value) {
            arguments.add(value);
            return this;
        }

        /**
         * @param object an argument the closure holds a strong reference to until it ends (capital letters)
         * @return this builder
         */
        public Builder strong(KObject object) {
            object.retain();
            arguments.add(object);
            strong.add(object);
            return this;
        }

        /**
         * @param callback called with the arguments if the closure is destroyed unrun
         * @return this builder
         */
        public Builder onDestroy(Consumer<List<Object>> callback) {
            this.onDestroy = callback;
            return this;
        }

        /** @return the closure */
        public Closure build() {
            return new Closure(this);
        }
    }
}
