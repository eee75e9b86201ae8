package org.omnikernel.http.internal.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The live statistics stream ({@code GET /api/statistics/stream}): server-sent events, one
 * {@code statistics} event per interval per subscriber, each a JSON object with the kernel's
 * statistics and grid snapshots.
 *
 * <pre>
 *   subscribe ─▶ async request held open ─▶ every tick (250 ms): subscribers whose next event is
 *   due ({@link Cadence}) get "id: n / event: statistics / data: {...}" ─▶ a write that fails drops
 *   the subscriber
 *   close()  ─▶ every subscriber gets "event: close" and its response completes
 * </pre>
 *
 * One thread writes to every subscriber; a subscriber that stops reading is dropped when its write
 * fails (Jetty's idle timeout bounds how long a write can block). At most {@link #MAX_SUBSCRIBERS}.
 */
final class StatisticsStream {

    /** Subscribers at once; more are refused with 503. */
    static final int MAX_SUBSCRIBERS = 32;
    /** The smallest and largest interval a subscriber may ask for, in ms. */
    static final int MIN_INTERVAL_MS = 250;
    static final int MAX_INTERVAL_MS = 10_000;
    private static final long TICK_MS = 250;

    private record Subscriber(AsyncContext context, Cadence cadence) {
    }

    private final Map<AsyncContext, Subscriber> subscribers = new ConcurrentHashMap<>();
    private final AtomicLong eventId = new AtomicLong();
    private final Supplier<Object> payload;
    private final ScheduledExecutorService ticker;
    private volatile boolean closed;

    /** @param payload makes one event's data; called on the ticker thread */
    StatisticsStream(Supplier<Object> payload) {
        this.payload = payload;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "okernel-http-statistics-stream");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Holds the request open as an event stream.
     *
     * @return false when the stream is full or closing (the caller answers 503)
     */
    boolean subscribe(Exchange x, int intervalMillis) throws IOException {
        if (closed || subscribers.size() >= MAX_SUBSCRIBERS) {
            return false;
        }
        HttpServletResponse response = x.response;
        response.setStatus(200);
        response.setContentType("text/event-stream; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext context = x.request.startAsync();
        context.setTimeout(0); // the stream lasts until the client or the server closes it
        response.getOutputStream().write(("retry: 2000\n\n").getBytes(StandardCharsets.UTF_8));
        response.flushBuffer();
        long interval = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        context.addListener(new AsyncListener() {
            // The container ends a stream whose client went away; forget it at once.
            @Override
            public void onComplete(AsyncEvent event) {
                subscribers.remove(context);
            }

            @Override
            public void onError(AsyncEvent event) {
                subscribers.remove(context);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                drop(context);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        subscribers.put(context, new Subscriber(context, new Cadence(interval, System.nanoTime())));
        ticker.execute(this::tick); // the first event at once
        return true;
    }

    /** @return subscribers now */
    int size() {
        return subscribers.size();
    }

    private void tick() {
        long now = System.nanoTime();
        byte[] event = null;
        for (Subscriber s : subscribers.values()) {
            if (!s.cadence().fire(now)) {
                continue;
            }
            if (event == null) {
                String json = org.omnikernel.http.internal.json.StrictJson.write(payload.get());
                event = ("id: " + eventId.incrementAndGet() + "\nevent: statistics\ndata: " + json + "\n\n")
                        .getBytes(StandardCharsets.UTF_8);
            }
            if (!write(s.context(), event)) {
                drop(s.context());
            }
        }
    }

    private static boolean write(AsyncContext context, byte[] bytes) {
        try {
            ServletOutputStream out = context.getResponse().getOutputStream();
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void drop(AsyncContext context) {
        if (subscribers.remove(context) != null) {
            try {
                context.complete();
            } catch (RuntimeException e) {
                // already completed by the container (the client went away)
            }
        }
    }

    /** Ends every stream with a {@code close} event and stops the ticker; later calls do nothing. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.shutdown();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bye = "event: close\ndata: {\"reason\":\"the HTTP API is stopping\"}\n\n".getBytes(StandardCharsets.UTF_8);
        for (AsyncContext c : subscribers.keySet()) {
            write(c, bye);
            drop(c);
        }
    }
}
