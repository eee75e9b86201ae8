package org.omnikernel.resource.sdrwr.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.scheduler.testkit.KernelRig;

/**
 * A test client in the grid that sends READ, WRITE and FLUSH requests of the storage protocols
 * ({@code UnitProtocol}, {@code VolumeProtocol}: same shapes) to a resource and keeps the answers,
 * which arrive as {@code doneType} messages.
 */
public final class IoClient implements Resource {

    /** One answer. */
    public record Answer(byte[] data, String error) {
    }

    private final String name;
    private final String destination;
    private final String doneType;
    private final Map<Long, Answer> answers = new ConcurrentHashMap<>();

    /**
     * @param name        the client's resource name
     * @param destination where requests go
     * @param doneType    the answer's request type ({@code UNIT_DONE}, {@code VOLUME_DONE})
     */
    public IoClient(String name, String destination, String doneType) {
        this.name = name;
        this.destination = destination;
        this.doneType = doneType;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(name)
                .request("GO_READ", (ctx, m) -> relay(ctx, m, "READ"), Long.class, String.class, Long.class, Integer.class)
                .request("GO_WRITE", (ctx, m) -> relay(ctx, m, "WRITE"), Long.class, String.class, Long.class, Buffer.class)
                .request("GO_FLUSH", (ctx, m) -> relay(ctx, m, "FLUSH"), Long.class, String.class)
                .request("GO_ORDERED_WRITES", this::orderedWrites, Long.class, String.class, Long.class, Buffer[].class)
                .request(doneType, (ctx, m) -> {
                    Buffer b = m.argument(1, Buffer.class);
                    byte[] bytes = new byte[b.length()];
                    b.view().get(bytes);
                    answers.put(m.argument(0, Long.class), new Answer(bytes, m.argument(2, String.class)));
                }, Long.class, Buffer.class, String.class)
                .build();
    }

    private void relay(ExecutionContext ctx, Message m, String type) {
        SendResult r = ctx.send(destination, type, m.arguments().toArray());
        if (!r.isOk()) {
            answers.put(m.argument(0, Long.class), new Answer(new byte[0], "send: " + r));
        }
    }

    /** WRITEs of each buffer in turn at one offset, tags first, first+1, ..., all under one dependency label. */
    private void orderedWrites(ExecutionContext ctx, Message m) {
        long first = m.argument(0, Long.class);
        DependencyLabel label = ctx.newDependencyLabel(m.affinity());
        Buffer[] writes = m.argument(3, Buffer[].class);
        for (int i = 0; i < writes.length; i++) {
            SendResult r = ctx.sendOrdered(label, destination, "WRITE", first + i, m.argument(1, String.class),
                    m.argument(2, Long.class), writes[i]);
            if (!r.isOk()) {
                answers.put(first + i, new Answer(new byte[0], "send: " + r));
            }
        }
    }

    /** @return the answers so far, by tag */
    public Map<Long, Answer> answers() {
        return answers;
    }

    /**
     * Reads and waits for the answer.
     *
     * @param rig      the kernel
     * @param a        the paying activity
     * @param tag      a tag not used before
     * @param target   the unit or volume
     * @param offset   where
     * @param length   how much
     * @return the answer
     * @throws InterruptedException when interrupted
     */
    public Answer read(KernelRig rig, Activity a, long tag, String target, long offset, int length) throws InterruptedException {
        return call(rig, a, tag, "GO_READ", tag, target, offset, length);
    }

    /**
     * Writes and waits for the answer.
     *
     * @param rig    the kernel
     * @param a      the paying activity
     * @param tag    a tag not used before
     * @param target the unit or volume
     * @param offset where
     * @param data   what
     * @return the answer
     * @throws InterruptedException when interrupted
     */
    public Answer write(KernelRig rig, Activity a, long tag, String target, long offset, byte[] data) throws InterruptedException {
        return call(rig, a, tag, "GO_WRITE", tag, target, offset, Buffer.of(data));
    }

    /**
     * Flushes and waits for the answer.
     *
     * @param rig    the kernel
     * @param a      the paying activity
     * @param tag    a tag not used before
     * @param target the unit or volume
     * @return the answer
     * @throws InterruptedException when interrupted
     */
    public Answer flush(KernelRig rig, Activity a, long tag, String target) throws InterruptedException {
        return call(rig, a, tag, "GO_FLUSH", tag, target);
    }

    /**
     * Sends one of this client's GO requests without waiting.
     *
     * @param rig  the kernel
     * @param a    the paying activity
     * @param type a GO request type
     * @param args its arguments
     */
    public void start(KernelRig rig, Activity a, String type, Object... args) {
        SendResult r = rig.kernel().send(a, name, type, 0, args);
        if (!r.isOk()) {
            throw new AssertionError(type + " to " + name + ": " + r);
        }
    }

    private Answer call(KernelRig rig, Activity a, long tag, String type, Object... args) throws InterruptedException {
        start(rig, a, type, args);
        rig.await("the answer to " + type + " " + tag, () -> answers.containsKey(tag));
        return answers.get(tag);
    }
}
