package org.omnikernel.resource.ext2.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.VolumeProtocol;

/**
 * EXT2R's requests to STOR for one volume ({@link VolumeProtocol}): each gets a tag and a callback
 * that the {@code VOLUME_DONE} answer with that tag runs. A send the kernel refuses is answered at once
 * with the refusal as the error. Not thread-safe: EXT2R holds its lock.
 */
final class VolumeLink {
    /**
     * STOR's answer.
     *
     * @param data the bytes read (empty for writes and flushes); null on error
     * @param error empty on success, else what failed
     */
    record Answer(Buffer data, String error) {
        boolean ok() {
            return error == null || error.isEmpty();
        }
    }

    private final String volume;
    private final ResourceContext context;
    private final Map<Long, Consumer<Answer>> pending = new HashMap<>();
    private long nextTag;

    VolumeLink(String volume, ResourceContext context) {
        this.volume = volume;
        this.context = context;
    }

    String volume() {
        return volume;
    }

    /** Reads {@code length} bytes at {@code offset} for an activity. */
    void read(Activity activity, long affinity, long offset, int length, Consumer<Answer> then) {
        long tag = register(then);
        check(tag, context.send(activity, VolumeProtocol.RESOURCE, VolumeProtocol.READ, affinity, tag, volume,
                offset, length));
    }

    /**
     * Writes bytes after every earlier message of the label.
     *
     * @return the kernel's verdict; when refused, {@code then} has not run and is forgotten
     */
    SendResult write(DependencyLabel label, long offset, byte[] bytes, Consumer<Answer> then) {
        long tag = register(then);
        SendResult r = context.sendOrdered(label, VolumeProtocol.RESOURCE, VolumeProtocol.WRITE, tag, volume, offset,
                Buffer.of(bytes));
        if (!r.isOk()) {
            pending.remove(tag);
        }
        return r;
    }

    /** Makes completed writes durable. */
    void flush(Activity activity, long affinity, Consumer<Answer> then) {
        long tag = register(then);
        check(tag, context.send(activity, VolumeProtocol.RESOURCE, VolumeProtocol.FLUSH, affinity, tag, volume));
    }

    /** Runs the callback of an answer; @return false for a tag not waited for */
    boolean answered(long tag, Buffer data, String error) {
        Consumer<Answer> then = pending.remove(tag);
        if (then == null) {
            return false;
        }
        then.accept(new Answer(data, error));
        return true;
    }

    private long register(Consumer<Answer> then) {
        long tag = ++nextTag;
        pending.put(tag, then);
        return tag;
    }

    private void check(long tag, SendResult r) {
        if (!r.isOk()) {
            answered(tag, null, "volume " + volume + ": the request to " + VolumeProtocol.RESOURCE
                    + " was refused: " + r);
        }
    }
}
