package org.omnikernel.okrt.internal;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.SendResult;

/** A resource's handle on the kernel for sends from outside its handlers. */
final class ResourceContextImpl implements ResourceContext {

    private final Kernel kernel;
    private final ResourceEntry entry;

    ResourceContextImpl(Kernel kernel, ResourceEntry entry) {
        this.kernel = kernel;
        this.entry = entry;
    }

    @Override
    public int id() {
        return entry.id();
    }

    @Override
    public String name() {
        return entry.name();
    }

    @Override
    public SendResult send(Activity activity, String destination, String requestType, long affinity, Object... arguments) {
        ActivityImpl a = kernel.activityImpl(activity.id());
        if (a == null) {
            return SendResult.error(SendResult.Status.ACTIVITY_TERMINATED, activity + " has ended");
        }
        return kernel.send(entry, a, destination, requestType, affinity, null, arguments, 0);
    }

    @Override
    public SendResult sendOrdered(DependencyLabel dependency, String destination, String requestType, Object... arguments) {
        if (dependency.source() != entry.id()) {
            return SendResult.error(SendResult.Status.NOT_PERMITTED,
                    "dependency label " + dependency + " was not made by " + entry.name());
        }
        ActivityImpl a = kernel.activityImpl(dependency.activity());
        if (a == null) {
            return SendResult.error(SendResult.Status.ACTIVITY_TERMINATED, "activity " + dependency.activity() + " has ended");
        }
        return kernel.send(entry, a, destination, requestType, dependency.affinity(), dependency, arguments, 0);
    }

    @Override
    public DependencyLabel newDependencyLabel(Activity activity, long affinity) {
        return new DependencyLabel(entry.id(), activity.id(), entry.labels.incrementAndGet(), affinity);
    }

    @Override
    public void resume() {
        kernel.resume(entry);
    }
}
