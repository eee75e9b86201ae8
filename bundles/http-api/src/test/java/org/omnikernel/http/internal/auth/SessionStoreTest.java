package org.omnikernel.http.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.omnikernel.http.internal.auth.SessionStore.Session;

class SessionStoreTest {

    private final AtomicLong now = new AtomicLong();
    private final SessionStore store = new SessionStore(new SecureRandom(), now::get);

    @Test
    void aSessionHasItsOwnRandomIdAndCsrfToken() {
        Session a = store.open("admin");
        Session b = store.open("admin");
        assertNotEquals(a.id(), b.id());
        assertNotEquals(a.csrfToken(), b.csrfToken());
        assertNotEquals(a.id(), a.csrfToken());
        assertTrue(a.id().length() >= 43, "256 bits");
        assertEquals(a, store.find(a.id()).orElseThrow());
    }

    @Test
    void csrfTokenMustMatchExactly() {
        Session s = store.open("admin");
        assertTrue(s.csrfMatches(s.csrfToken()));
        assertFalse(s.csrfMatches(null));
        assertFalse(s.csrfMatches(""));
        assertFalse(s.csrfMatches(s.csrfToken() + "x"));
        assertFalse(s.csrfMatches(store.open("admin").csrfToken()));
    }

    @Test
    void anIdleSessionEndsButUseKeepsItAlive() {
        Session s = store.open("admin");
        now.addAndGet(SessionStore.IDLE.toNanos() - 1);
        assertTrue(store.find(s.id()).isPresent(), "used just in time");
        now.addAndGet(SessionStore.IDLE.toNanos() - 1);
        assertTrue(store.find(s.id()).isPresent(), "use restarted the idle clock");
        now.addAndGet(SessionStore.IDLE.toNanos() + 1);
        assertFalse(store.find(s.id()).isPresent());
    }

    @Test
    void noSessionOutlivesItsLifetimeEvenWhenUsed() {
        Session s = store.open("admin");
        long step = SessionStore.IDLE.toNanos() / 2;
        while (now.get() + step <= SessionStore.LIFETIME.toNanos()) {
            now.addAndGet(step);
            assertTrue(store.find(s.id()).isPresent());
        }
        now.addAndGet(step);
        assertFalse(store.find(s.id()).isPresent());
    }

    @Test
    void logoutEndsASessionAndUnknownIdsFindNothing() {
        Session s = store.open("admin");
        store.close(s.id());
        assertFalse(store.find(s.id()).isPresent());
        assertFalse(store.find(null).isPresent());
        assertFalse(store.find("forged").isPresent());
    }

    @Test
    void theOldestSessionGoesWhenTheStoreIsFull() {
        Session first = store.open("admin");
        for (int i = 1; i < SessionStore.MAX_SESSIONS; i++) {
            now.incrementAndGet();
            store.open("admin");
        }
        assertTrue(store.find(first.id()).isPresent());
        now.incrementAndGet();
        store.open("admin");
        assertFalse(store.find(first.id()).isPresent());
    }
}
