package org.omnikernel.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The console's credentials file: one user and a salted PBKDF2-HMAC-SHA256 hash of their password,
 * never the password. The HTTP API bundle ({@code org.omnikernel.http}, {@code CredentialsFile})
 * reads it; this class writes it, on first start with a random password and on
 * {@code ./okernel password}. The format:
 *
 * <pre>
 *   user=admin
 *   algorithm=PBKDF2WithHmacSHA256
 *   hash=&lt;iterations&gt;:&lt;salt, Base64&gt;:&lt;derived key, Base64&gt;
 * </pre>
 */
final class ConsoleCredentials {

    /** Framework (and launcher system) property naming the file; the API bundle reads it. */
    static final String PROPERTY = "omnikernel.http.credentials";
    /** The user created on first start. */
    static final String DEFAULT_USER = "admin";
    /** PBKDF2 iterations (OWASP's 2023 figure for HMAC-SHA256). */
    static final int ITERATIONS = 600_000;
    /** Shortest password {@code ./okernel password} accepts. */
    static final int MIN_PASSWORD_LENGTH = 12;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final SecureRandom random = new SecureRandom();

    /**
     * @param home the distribution
     * @return the file named by the {@value #PROPERTY} system property, else {@code conf/console-credentials.properties}
     */
    static Path file(OkernelHome home) {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return home.dir().resolve("conf").resolve("console-credentials.properties");
    }

    /** @return 20 characters from a 57-letter alphabet without look-alikes (about 117 bits) */
    String randomPassword() {
        StringBuilder b = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /**
     * Writes the file (owner read/write only where the file system allows), replacing any old one.
     *
     * @param file     where
     * @param user     the user
     * @param password their password; only its hash is written
     * @throws IOException when it cannot be written
     */
    void write(Path file, String user, char[] password) throws IOException {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder();
        String text = "# The kernel console's login: user and a salted PBKDF2 hash of the password (never the password).\n"
                + "# Change it with ./okernel password; the running kernel notices the change.\n"
                + "user=" + user + "\nalgorithm=PBKDF2WithHmacSHA256\nhash=" + ITERATIONS + ":" + b64.encodeToString(salt) + ":"
                + b64.encodeToString(hash) + "\n";
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".credentials", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions protect it
            }
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }
}
