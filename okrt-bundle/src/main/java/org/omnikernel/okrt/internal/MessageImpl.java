package org.omnikernel.okrt.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.object.Closure;

/**
 * A queued message: the public fields plus what OKRT needs to deliver it.
 */
final class MessageImpl implements Message {

    final int source;
    final ResourceEntry destination;
    final ActivityImpl activity;
    final long affinity;
    final DependencyLabel dependency;
    /** Rebound on the destination's core when a new version of the resource took its messages over. */
    ResourceInterface.Request request;
    private final Object[] arguments;
    /** Sent by {@code ExecutionContext.reply}: an answer, which outlives the activity it was sent for. */
    final boolean answer;
    long enqueuedAt;
    Route route;

    MessageImpl(int source, ResourceEntry destination, ActivityImpl activity, long affinity, DependencyLabel dependency,
            ResourceInterface.Request request, Object[] arguments) {
        this(source, destination, activity, affinity, dependency, request, arguments, false);
    }

    MessageImpl(int source, ResourceEntry destination, ActivityImpl activity, long affinity, DependencyLabel dependency,
            ResourceInterface.Request request, Object[] arguments, boolean answer) {
        this.answer = answer;
        this.source = source;
        this.destination = destination;
        this.activity = activity;
        this.affinity = affinity;
        this.dependency = dependency;
        this.request = request;
        this.arguments = arguments;
    }

    @Override
    public int source() {
        return source;
    }

    @Override
    public int destination() {
        return destination.id();
    }

    @Override
    public ActivityImpl activity() {
        return activity;
    }

    @Override
    public long affinity() {
        return affinity;
    }

    @Override
    public DependencyLabel dependency() {
        return dependency;
    }

    @Override
    public String requestType() {
        return request.type();
    }

    @Override
    public List<Object> arguments() {
        return Collections.unmodifiableList(Arrays.asList(arguments));
    }

    @Override
    public <T> T argument(int index, Class<T> type) {
        if (index < 0 || index >= arguments.length) {
            throw new IndexOutOfBoundsException(request.type() + " has " + arguments.length + " arguments, asked for #" + index);
        }
        return type.cast(arguments[index]);
    }

    /**
     * Discards the message unrun: closures among its arguments run their destroy callbacks and release
     * their strong references (seed §3.1.4.1).
     */
    /**
     * Binds the message to a request type of the destination's current interface; core thread only.
     *
     * @return null when bound, else why the current interface cannot take it
     */
    String rebind(ResourceInterface iface) {
        ResourceInterface.Request now = iface.request(request.type());
        if (now == request) {
            return null;
        }
        if (now == null) {
            return destination.name() + " no longer declares request type " + request.type() + "; it answers "
                    + iface.requests().stream().map(ResourceInterface.Request::type).toList();
        }
        String bad = ArgumentCheck.mismatch(now, arguments);
        if (bad != null) {
            return destination.name() + " " + request.type() + " now takes other arguments: " + bad;
        }
        request = now;
        return null;
    }

    /**
     * @param payer the activity that pays from now on
     * @return this answer, unqueued, for another activity (its closures move with it; this one is not destroyed)
     */
    MessageImpl answerFor(ActivityImpl payer) {
        return new MessageImpl(source, destination, payer, affinity, null, request, arguments, true);
    }

    void destroy() {
        for (Object a : arguments) {
            if (a instanceof Closure c) {
                c.destroy();
            }
        }
    }

    @Override
    public String toString() {
        return request.type() + " from " + source + " to " + destination.name() + " for " + activity;
    }
}
