package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP server's set-up: loopback by default, a login created once on first start, never a default password. */
class HttpConsoleTest {

    @TempDir
    Path temp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private PrintStream print(ByteArrayOutputStream to) {
        return new PrintStream(to, true, StandardCharsets.UTF_8);
    }

    @Test
    void aPlainRunListensOnLoopbackAndNamesTheCredentialsAndAuditFiles() {
        HttpConsole console = HttpConsole.of(new OkernelHome(temp), ConsoleAddress.DEFAULT);
        Map<String, String> p = console.frameworkProperties();
        assertEquals("127.0.0.1", p.get("org.apache.felix.http.host"));
        assertEquals("8470", p.get("org.osgi.service.http.port"));
        assertEquals(temp.resolve("conf/console-credentials.properties").toAbsolutePath().toString(),
                p.get("omnikernel.http.credentials"));
        assertEquals(temp.resolve("log/audit.jsonl").toAbsolutePath().toString(), p.get("omnikernel.http.audit"));
        assertEquals(temp.toAbsolutePath().toString(), p.get("omnikernel.distribution"), "the console starts experiments from it");
        assertEquals(String.join(",", Experiments.NAMES), p.get("omnikernel.experiments"));
        assertTrue(p.get("omnikernel.experiments").contains("e4"), p.get("omnikernel.experiments"));
        assertTrue(console.bannerLine().contains("http://127.0.0.1:8470/"), console.bannerLine());
    }

    @Test
    void theFirstStartCreatesARandomLoginPrintedOnceAndStoresOnlyItsHash() throws Exception {
        HttpConsole console = new HttpConsole(ConsoleAddress.DEFAULT, temp.resolve("conf/creds.properties"), temp.resolve("a"));
        console.prepare(print(out), print(err));
        Matcher m = Pattern.compile("password: (\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
        assertTrue(m.find(), out.toString(StandardCharsets.UTF_8));
        String password = m.group(1);
        assertEquals(20, password.length());

        String stored = Files.readString(console.credentials());
        assertFalse(stored.contains(password), "the password itself is never stored");
        assertTrue(hashMatches(console.credentials(), password), stored);
        assertFalse(hashMatches(console.credentials(), password + "x"));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(console.credentials()));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "loopback: no warning");

        out.reset();
        console.prepare(print(out), print(err));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "an existing login is kept and nothing is printed");
    }

    @Test
    void twoFirstStartsMakeDifferentPasswords() {
        ConsoleCredentials c = new ConsoleCredentials();
        assertFalse(c.randomPassword().equals(c.randomPassword()));
    }

    @Test
    void listeningBeyondLoopbackIsWarnedAbout() throws Exception {
        HttpConsole console = new HttpConsole(new ConsoleAddress("0.0.0.0", 8470), temp.resolve("c"), temp.resolve("a"));
        console.prepare(print(out), print(err));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("warning"), err.toString(StandardCharsets.UTF_8));
        assertTrue(new ConsoleAddress("localhost", 1).loopback());
        assertTrue(new ConsoleAddress("::1", 1).loopback());
        assertFalse(new ConsoleAddress("0.0.0.0", 1).loopback());
    }

    @Test
    void passwordReplacesTheLoginFromStandardInputAndRefusesAShortOne() throws Exception {
        Path file = temp.resolve("creds.properties");
        PasswordCommand command = new PasswordCommand(print(out), print(err));
        assertEquals(ExitCode.USAGE, command.run(new Command.Password("ops"), file, null,
                new BufferedReader(new StringReader("short\n"))));
        assertFalse(Files.exists(file), "nothing written");
        assertEquals(ExitCode.OK, command.run(new Command.Password("ops"), file, null,
                new BufferedReader(new StringReader("a long enough password\n"))));
        Properties p = load(file);
        assertEquals("ops", p.getProperty("user"));
        assertTrue(hashMatches(file, "a long enough password"));
    }

    private static Properties load(Path file) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    /** Verifies as the API bundle does: PBKDF2-HMAC-SHA256 over the stored salt and iterations. */
    private static boolean hashMatches(Path file, String password) throws Exception {
        Properties p = load(file);
        assertEquals("PBKDF2WithHmacSHA256", p.getProperty("algorithm"));
        String[] parts = p.getProperty("hash").split(":");
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        byte[] expected = Base64.getDecoder().decode(parts[2]);
        byte[] actual = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, Integer.parseInt(parts[0]), 256)).getEncoded();
        try {
            assertArrayEquals(expected, actual);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }
}
