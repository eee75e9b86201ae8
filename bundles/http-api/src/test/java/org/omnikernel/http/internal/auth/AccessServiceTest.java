package org.omnikernel.http.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.http.access.AccessDeniedException;
import org.omnikernel.http.access.Caller;
import org.omnikernel.http.access.HttpAccess;
import org.omnikernel.http.internal.auth.SessionStore.Session;

class AccessServiceTest {

    @TempDir
    Path dir;
    private AccessService access;

    @BeforeEach
    void credentials() throws IOException {
        access = new AccessService(writeCredentials(dir.resolve("credentials.properties"), "admin", "pw-123"), true);
    }

    static Path writeCredentials(Path file, String user, String password) throws IOException {
        PasswordHash h = PasswordHash.create(password.toCharArray(), 10_000, new SecureRandom());
        Files.writeString(file, "user=" + user + "\nalgorithm=PBKDF2WithHmacSHA256\nhash=" + h.encode() + "\n",
                StandardCharsets.UTF_8);
        return file;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEditWithoutCredentialsIs401() {
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> access.authorizeEdit(new FakeRequest().build()));
        assertEquals(401, e.status());
    }

    @Test
    void basicCredentialsAuthorizeAnEditWithoutCsrfToken() throws Exception {
        Caller c = access.authorizeEdit(new FakeRequest().header("Authorization", basic("admin", "pw-123")).build());
        assertEquals(new Caller("admin", "basic", "127.0.0.1"), c);
    }

    @Test
    void aWrongPasswordOrUserIs401() {
        for (String header : new String[] {basic("admin", "pw-124"), basic("root", "pw-123"), "Basic !!!", "Bearer abc"}) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> access.authorizeEdit(new FakeRequest().header("Authorization", header).remote("10.1.1.1").build()));
            assertEquals(401, e.status(), header);
        }
    }

    @Test
    void repeatedFailuresLockTheAddressOutEvenForTheRightPassword() {
        for (int i = 0; i <= FailureThrottle.FREE_FAILURES; i++) {
            assertThrows(AccessDeniedException.class, () -> access.authorizeEdit(
                    new FakeRequest().header("Authorization", basic("admin", "guess")).remote("10.9.9.9").build()));
        }
        AccessDeniedException locked = assertThrows(AccessDeniedException.class, () -> access.authorizeEdit(
                new FakeRequest().header("Authorization", basic("admin", "pw-123")).remote("10.9.9.9").build()));
        assertEquals(429, locked.status());
    }

    @Test
    void aSessionEditNeedsItsCsrfToken() throws Exception {
        Session s = access.login(new FakeRequest().build(), "admin", "pw-123");
        AccessDeniedException missing = assertThrows(AccessDeniedException.class,
                () -> access.authorizeEdit(new FakeRequest().session(s.id()).build()));
        assertEquals(403, missing.status());
        AccessDeniedException wrong = assertThrows(AccessDeniedException.class, () -> access.authorizeEdit(
                new FakeRequest().session(s.id()).header(HttpAccess.CSRF_HEADER, "forged").build()));
        assertEquals(403, wrong.status());
        Caller c = access.authorizeEdit(new FakeRequest().session(s.id()).header(HttpAccess.CSRF_HEADER, s.csrfToken()).build());
        assertEquals("session", c.method());
        AccessDeniedException forged = assertThrows(AccessDeniedException.class, () -> access.authorizeEdit(
                new FakeRequest().session("not-a-session").header(HttpAccess.CSRF_HEADER, s.csrfToken()).build()));
        assertEquals(401, forged.status());
    }

    @Test
    void aForeignOriginIsRefusedEvenWithGoodCredentials() {
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> access.authorizeEdit(new FakeRequest()
                .header("Authorization", basic("admin", "pw-123")).header("Origin", "http://attacker.example").build()));
        assertEquals(403, e.status());
        AccessDeniedException login = assertThrows(AccessDeniedException.class, () -> access.login(
                new FakeRequest().header("Origin", "http://attacker.example").build(), "admin", "pw-123"));
        assertEquals(403, login.status(), "no login CSRF");
    }

    @Test
    void aLoopbackServerReadsOpenOnlyForLoopbackHostNames() {
        assertTrue(access.mayRead(new FakeRequest().build()));
        assertFalse(access.mayRead(new FakeRequest().header("Host", "attacker.example:8470").build()));
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> access.authorizeEdit(new FakeRequest()
                .header("Host", "attacker.example:8470").header("Authorization", basic("admin", "pw-123")).build()));
        assertEquals(421, e.status());
    }

    @Test
    void aServerListeningBeyondLoopbackNeedsCredentialsToRead() throws IOException {
        AccessService open = new AccessService(writeCredentials(dir.resolve("c2"), "admin", "pw"), false);
        assertFalse(open.mayRead(new FakeRequest().header("Host", "kernel.lan:8470").build()));
        assertTrue(open.mayRead(new FakeRequest().header("Host", "kernel.lan:8470").header("Authorization", basic("admin", "pw"))
                .build()));
    }

    @Test
    void withoutACredentialNobodyCanEditAndTheMessageSaysHowToConfigureOne() {
        AccessService none = new AccessService(null, true);
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> none.authorizeEdit(
                new FakeRequest().header("Authorization", basic("admin", "admin")).build()));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("omnikernel.http.credentials"), e.getMessage());
    }

    @Test
    void aChangedCredentialsFileTakesEffectWithoutRestart() throws Exception {
        Path file = dir.resolve("credentials.properties");
        access.authorizeEdit(new FakeRequest().header("Authorization", basic("admin", "pw-123")).build());
        writeCredentials(file, "admin", "new-pw");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        AccessDeniedException old = assertThrows(AccessDeniedException.class, () -> access.authorizeEdit(
                new FakeRequest().header("Authorization", basic("admin", "pw-123")).build()));
        assertEquals(401, old.status(), "the remembered old password is forgotten");
        access.authorizeEdit(new FakeRequest().header("Authorization", basic("admin", "new-pw")).build());
    }
}
