package org.omnikernel.http.internal.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.omnikernel.http.internal.auth.CredentialsFile.Credential;

/**
 * Checks a user name and password against the credentials file. The file is read again whenever it
 * changes, so {@code ./okernel password} takes effect without a restart.
 *
 * <p>PBKDF2 is slow on purpose (hundreds of ms); a script that sends Basic credentials with every
 * request would pay that each time. So a successful check is remembered for {@link #REMEMBER} as a
 * keyed digest of the name and password (the key is random and lives only in memory), and the
 * memory is cleared when the file changes.
 */
public final class CredentialCheck {

    /** How long a verified name and password are remembered. */
    public static final Duration REMEMBER = Duration.ofMinutes(5);

    /** What a check found. */
    public enum Result {
        /** the name and password are right */
        ACCEPTED,
        /** the name or the password is wrong */
        REJECTED,
        /** no credential is configured, or the file cannot be used: nobody can log in */
        NOT_CONFIGURED
    }

    private final Path file;
    private final LongSupplier nanoClock;
    private final byte[] memoryKey = new byte[32];
    private final Map<String, Long> remembered = new ConcurrentHashMap<>();
    private volatile Credential credential;
    private volatile FileTime loadedAt;
    private volatile String problem;

    /**
     * @param file      the credentials file, or null when none is configured
     * @param random    for the in-memory key
     * @param nanoClock monotonic ns
     */
    public CredentialCheck(Path file, SecureRandom random, LongSupplier nanoClock) {
        this.file = file;
        this.nanoClock = nanoClock;
        random.nextBytes(memoryKey);
    }

    /**
     * @param user     the name presented
     * @param password the password presented
     * @return the verdict
     */
    public Result check(String user, String password) {
        Credential c = current();
        if (c == null) {
            return Result.NOT_CONFIGURED;
        }
        String key = digest(user, password);
        Long until = remembered.get(key);
        long now = nanoClock.getAsLong();
        if (until != null && until - now > 0) {
            return Result.ACCEPTED;
        }
        // Hash the password even for an unknown user, so that timing does not tell which was wrong.
        boolean passwordOk = c.hash().matches(password.toCharArray());
        if (passwordOk && MessageDigest.isEqual(c.user().getBytes(StandardCharsets.UTF_8), user.getBytes(StandardCharsets.UTF_8))) {
            if (remembered.size() > 1000) {
                remembered.clear();
            }
            remembered.put(key, now + REMEMBER.toNanos());
            return Result.ACCEPTED;
        }
        return Result.REJECTED;
    }

    /** @return why nobody can log in, when {@link Result#NOT_CONFIGURED}; else null */
    public String problem() {
        current();
        return problem;
    }

    /** @return the credential, read again if the file changed; null when none can be used */
    private Credential current() {
        if (file == null) {
            problem = "no credential is configured (framework property " + CredentialsFile.PROPERTY
                    + "; ./okernel run creates one on first start)";
            return null;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(loadedAt)) {
                synchronized (this) {
                    if (!modified.equals(loadedAt)) {
                        credential = CredentialsFile.read(file);
                        remembered.clear();
                        loadedAt = modified;
                        problem = null;
                    }
                }
            }
            return credential;
        } catch (IOException | IllegalArgumentException e) {
            credential = null;
            loadedAt = null;
            remembered.clear();
            problem = "the credentials file cannot be used: " + e.getMessage();
            return null;
        }
    }

    private String digest(String user, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(memoryKey);
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
