package org.omnikernel.http.internal.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Login sessions in memory: a random session id (the cookie's value) and, per session, a random
 * CSRF token that edits must echo in a header. A session ends after {@link #IDLE} without use, after
 * {@link #LIFETIME} in any case, at logout, and when the bundle stops (a restart logs everyone out).
 * At most {@link #MAX_SESSIONS} live at once; the oldest goes first.
 */
public final class SessionStore {

    /** A session unused this long ends. */
    public static final Duration IDLE = Duration.ofMinutes(30);
    /** No session lives longer. */
    public static final Duration LIFETIME = Duration.ofHours(12);
    /** Upper bound on live sessions, so that logins cannot exhaust memory. */
    public static final int MAX_SESSIONS = 256;

    /**
     * A live session.
     *
     * @param id        the cookie value
     * @param user      who logged in
     * @param csrfToken what edits must carry in the CSRF header
     * @param created   when, in the store's clock (ns)
     */
    public record Session(String id, String user, String csrfToken, long created) {

        /**
         * @param presented the header's value, possibly null
         * @return whether it is this session's token (compared in constant time)
         */
        public boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrfToken.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Long> lastUsed = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final LongSupplier nanoClock;

    /**
     * @param random    the source of ids and tokens
     * @param nanoClock monotonic time in ns (tests pass a fake)
     */
    public SessionStore(SecureRandom random, LongSupplier nanoClock) {
        this.random = random;
        this.nanoClock = nanoClock;
    }

    /**
     * @param user who logged in
     * @return a new session
     */
    public Session open(String user) {
        long now = nanoClock.getAsLong();
        expire(now);
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(java.util.Comparator.comparingLong(Session::created))
                    .ifPresent(s -> close(s.id()));
        }
        Session s = new Session(token(), user, token(), now);
        sessions.put(s.id(), s);
        lastUsed.put(s.id(), now);
        return s;
    }

    /**
     * @param id a cookie value, possibly null
     * @return the live session it names, marked as used now
     */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        long now = nanoClock.getAsLong();
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Long used = lastUsed.get(id);
        if (used == null || now - used > IDLE.toNanos() || now - s.created() > LIFETIME.toNanos()) {
            close(id);
            return Optional.empty();
        }
        lastUsed.put(id, now);
        return Optional.of(s);
    }

    /** @param id a session to end; unknown ids are ignored */
    public void close(String id) {
        sessions.remove(id);
        lastUsed.remove(id);
    }

    /** Ends every session. */
    public void clear() {
        sessions.clear();
        lastUsed.clear();
    }

    private void expire(long now) {
        sessions.values().removeIf(s -> {
            Long used = lastUsed.get(s.id());
            boolean dead = used == null || now - used > IDLE.toNanos() || now - s.created() > LIFETIME.toNanos();
            if (dead) {
                lastUsed.remove(s.id());
            }
            return dead;
        });
    }

    /** @return 256 random bits, URL-safe Base64 */
    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
