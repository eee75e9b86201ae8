package org.omnikernel.resource.filecache.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.storage.FileCacheProtocol;
import org.omnikernel.storage.IoReply;

/** A resource that sends requests to FCR for the tests and collects the IO_DONE answers by tag. */
final class FcrClient implements Resource {

    static final String NAME = "fcrclient.test";

    private final AtomicLong tags = new AtomicLong();
    private final Map<Long, CompletableFuture<IoReply>> waiting = new ConcurrentHashMap<>();
    private volatile ResourceContext context;

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(NAME).request(FileCacheProtocol.DONE, (c, m) -> {
            CompletableFuture<IoReply> f = waiting.remove(m.argument(0, Long.class));
            if (f != null) {
                f.complete(m.argument(1, IoReply.class));
            }
        }, Long.class, IoReply.class).build();
    }

    @Override
    public void attached(ResourceContext ctx) {
        this.context = ctx;
    }

    /** Sends a request; the future completes with FCR's answer. */
    CompletableFuture<IoReply> send(Activity a, String type, Object... args) {
        long tag = tags.incrementAndGet();
        CompletableFuture<IoReply> f = new CompletableFuture<>();
        waiting.put(tag, f);
        Object[] withTag = new Object[args.length + 1];
        withTag[0] = tag;
        System.arraycopy(args, 0, withTag, 1, args.length);
        SendResult r = context.send(a, FileCacheProtocol.RESOURCE, type, tag, withTag);
        if (!r.isOk()) {
            waiting.remove(tag);
            f.completeExceptionally(new AssertionError(type + " was not sent: " + r));
        }
        return f;
    }

    /** Sends a request and waits up to 20 s for the answer. */
    IoReply call(Activity a, String type, Object... args) {
        try {
            return send(a, type, args).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(type + " got no answer: " + e, e);
        }
    }

    static IoReply await(CompletableFuture<IoReply> f) {
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer: " + e, e);
        }
    }
}
