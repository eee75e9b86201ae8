package org.omnikernel.okrt.internal;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;

/**
 * The context of the handler running on a core; one per core, reset for every message.
 */
final class ExecutionContextImpl implements ExecutionContext {

    private final Kernel kernel;
    private final Core core;
    private RequestQueue queue;
    private MessageImpl message;
    private Metric metric;
    private ActivityImpl payerActivity;
    private boolean rejected;
    /** What the handler recorded, by metric. */
    private final MetricSums recorded = new MetricSums();
    /** The last destination and request type a handler on this core sent to: handlers mostly repeat. */
    private String lastDestination;
    private ResourceEntry lastEntry;
    private ResourceInterface.Request lastRequest;
    /** The path cell of the last (sender, destination) pair counted on this core. */
    private PathTable.Cell lastPath;

    ExecutionContextImpl(Kernel kernel, Core core) {
        this.kernel = kernel;
        this.core = core;
    }

    void begin(RequestQueue q, MessageImpl m, Metric schedulerMetric) {
        queue = q;
        message = m;
        metric = schedulerMetric;
        payerActivity = null;
        rejected = false;
        recorded.clear();
    }

    void end() {
        queue = null;
        message = null;
    }

    private MessageImpl current() {
        if (message == null || !core.onThisCore()) {
            throw new IllegalStateException("execution context used outside its handler");
        }
        return message;
    }

    /** @return the queue whose activity pays: the message's, unless the handler reattributed */
    RequestQueue payer() {
        if (payerActivity == null || payerActivity == queue.activity) {
            return queue;
        }
        RequestQueue q = queue.resource.queueFor(payerActivity, queue.host, queue.localCore, kernel);
        return q == null ? queue : q;
    }

    boolean rejected() {
        return rejected;
    }

    /** @return bytes the handler reported moving */
    long nbytes() {
        return recorded.get(Metric.NBYTES);
    }

    /** @return what the handler recorded of the resource scheduler's metric */
    long metricTotal() {
        return recorded.get(metric);
    }

    /** Adds what the handler recorded to a batch's sums. */
    void addRecordsTo(MetricSums batch) {
        recorded.addTo(batch);
    }

    @Override
    public Message message() {
        return current();
    }

    @Override
    public Activity activity() {
        current();
        return payerActivity != null ? payerActivity : message.activity;
    }

    @Override
    public int core() {
        return core.index;
    }

    @Override
    public SendResult send(String destination, String requestType, Object... arguments) {
        MessageImpl m = current();
        return sendFromHandler(m, destination, requestType, m.affinity, arguments);
    }

    @Override
    public SendResult sendWithAffinity(String destination, String requestType, long affinity, Object... arguments) {
        MessageImpl m = current();
        return sendFromHandler(m, destination, requestType, affinity, arguments);
    }

    /** Sends for the current activity, reusing the last destination lookup while it is still attached. */
    private SendResult sendFromHandler(MessageImpl m, String destination, String requestType, long affinity,
            Object[] arguments) {
        ResourceEntry to = lastEntry;
        ResourceInterface.Request request = lastRequest;
        if (to == null || !to.isAttached() || !destination.equals(lastDestination) || !requestType.equals(request.type())) {
            to = kernel.attached(destination);
            request = to == null ? null : to.iface.request(requestType);
            if (request == null) {
                return counted(kernel.send(m.destination, m.activity, destination, requestType, affinity, null, arguments, 0),
                        m.destination, destination, arguments);
            }
            lastDestination = destination;
            lastEntry = to;
            lastRequest = request;
        }
        SendResult r = kernel.sendTo(m.destination, m.activity, to, request, affinity, null, arguments, 0);
        if (r.isOk()) {
            countPath(m.destination, to, arguments);
        }
        return r;
    }

    /** Counts a message on the observed path from the handler's resource; this core's table only. */
    private void countPath(ResourceEntry from, ResourceEntry to, Object[] arguments) {
        PathTable.Cell c = lastPath;
        if (c == null || c.from != from || c.to != to) {
            c = core.paths.cell(from, to);
            lastPath = c;
        }
        c.count(arguments);
    }

    /** Counts a send that went through the kernel's by-name path. */
    private SendResult counted(SendResult r, ResourceEntry from, String destination, Object[] arguments) {
        if (r.isOk()) {
            ResourceEntry to = kernel.attached(destination);
            if (to != null) {
                countPath(from, to, arguments);
            }
        }
        return r;
    }

    @Override
    public SendResult sendOrdered(DependencyLabel dependency, String destination, String requestType, Object... arguments) {
        MessageImpl m = current();
        if (dependency.source() != m.destination.id()) {
            return SendResult.error(SendResult.Status.NOT_PERMITTED, "dependency label " + dependency
                    + " was made by resource " + dependency.source() + ", not by " + m.destination.name());
        }
        ActivityImpl a = kernel.activityImpl(dependency.activity());
        if (a != m.activity && !m.destination.iface.infrastructure()) {
            return SendResult.error(SendResult.Status.NOT_PERMITTED, m.destination.name()
                    + " is not infrastructure and may only send for " + m.activity);
        }
        if (a == null) {
            return SendResult.error(SendResult.Status.ACTIVITY_TERMINATED, "activity " + dependency.activity() + " has ended");
        }
        return counted(kernel.send(m.destination, a, destination, requestType, dependency.affinity(), dependency, arguments, 0),
                m.destination, destination, arguments);
    }

    @Override
    public SendResult sendDelayed(long delayMicros, String destination, String requestType, Object... arguments) {
        MessageImpl m = current();
        if (delayMicros < 0) {
            return SendResult.error(SendResult.Status.BAD_ARGUMENTS, "negative delay " + delayMicros + " µs");
        }
        return counted(kernel.send(m.destination, m.activity, destination, requestType, m.affinity, null, arguments,
                delayMicros), m.destination, destination, arguments);
    }

    @Override
    public SendResult sendAs(Activity activity, String destination, String requestType, long affinity, Object... arguments) {
        MessageImpl m = current();
        if (!m.destination.iface.infrastructure()) {
            return SendResult.error(SendResult.Status.NOT_PERMITTED, m.destination.name()
                    + " is not infrastructure and may only send for the activity it inherited");
        }
        ActivityImpl a = kernel.activityImpl(activity.id());
        if (a == null) {
            return SendResult.error(SendResult.Status.ACTIVITY_TERMINATED, activity + " has ended");
        }
        return counted(kernel.send(m.destination, a, destination, requestType, affinity, null, arguments, 0), m.destination,
                destination, arguments);
    }

    @Override
    public SendResult reply(Message to, String requestType, Object... arguments) {
        MessageImpl m = current();
        ResourceEntry src = kernel.resourceById(to.source());
        if (src == null) {
            return SendResult.error(SendResult.Status.NO_SUCH_RESOURCE, to.source() == 0
                    ? "the message came from outside the grid; there is no resource to reply to"
                    : "resource " + to.source() + " that sent the message is gone");
        }
        ActivityImpl a = kernel.activityImpl(to.activity().id());
        if (a == null) {
            // The request was accepted before its activity ended: its answer still reaches the
            // sender, paid by the kernel activity, so that nothing waits for it for ever.
            a = kernel.kernelActivityImpl();
        }
        return counted(kernel.sendAnswer(m.destination, a, src.name(), requestType, to.affinity(), arguments), m.destination,
                src.name(), arguments);
    }

    @Override
    public DependencyLabel newDependencyLabel(long affinity) {
        MessageImpl m = current();
        return new DependencyLabel(m.destination.id(), m.activity.id(), m.destination.labels.incrementAndGet(), affinity);
    }

    @Override
    public void record(Metric recordMetric, long consumption) {
        current();
        if (consumption < 0) {
            throw new IllegalArgumentException("negative consumption " + consumption + " of " + recordMetric);
        }
        if (recordMetric.equals(Metric.CPU) || recordMetric.equals(Metric.MEMORY)) {
            throw new IllegalArgumentException(recordMetric + " is measured by OKRT around every handler; resources do not report it");
        }
        if (!message.destination.iface.reports().contains(recordMetric)) {
            throw new IllegalArgumentException(message.destination.name() + " records " + recordMetric
                    + " but its interface does not declare it; it declares " + message.destination.iface.reports());
        }
        recorded.add(recordMetric, consumption);
    }

    @Override
    public boolean reattribute(Activity activity) {
        MessageImpl m = current();
        if (!m.destination.iface.infrastructure()) {
            return false;
        }
        ActivityImpl a = kernel.activityImpl(activity.id());
        if (a == null) {
            return false;
        }
        payerActivity = a;
        return true;
    }

    @Override
    public void reject() {
        current();
        rejected = true;
    }
}
