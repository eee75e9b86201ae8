package org.omnikernel.resource.process.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.ActivityObject;

/**
 * An I/O aggregate (IOA, seed §4.1.2) or memory aggregate (MEMA, §4.1.3): an activity whose
 * {@code share} the schedulers of the resources it uses see as its client parameter.
 */
final class ActivityAggregate implements ActivityObject {

    private final Okrt okrt;
    private final String kind;
    private final Activity activity;
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private boolean closed;

    ActivityAggregate(Okrt okrt, String kind, Activity activity) {
        this.okrt = okrt;
        this.kind = kind;
        this.activity = activity;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public Activity activity() {
        return activity;
    }

    @Override
    public synchronized Result<Void> close() {
        if (!closed) {
            closed = true;
            okrt.terminate(activity).whenComplete((v, e) -> released.complete(null));
        }
        return Result.ok();
    }

    @Override
    public CompletionStage<Void> released() {
        return released;
    }

    @Override
    public String toString() {
        return kind + " " + activity.name() + " " + activity.parameters();
    }
}
