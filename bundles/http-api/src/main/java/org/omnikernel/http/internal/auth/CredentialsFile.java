package org.omnikernel.http.internal.auth;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The credentials file: one user and the salted hash of their password, never the password.
 *
 * <pre>
 *   user=admin
 *   algorithm=PBKDF2WithHmacSHA256
 *   hash=600000:&lt;salt, Base64&gt;:&lt;derived key, Base64&gt;
 * </pre>
 *
 * The launcher writes it on first start ({@code ./okernel password} changes it); the path comes
 * from the framework property {@value #PROPERTY}.
 */
public final class CredentialsFile {

    /** Framework property naming the file. */
    public static final String PROPERTY = "omnikernel.http.credentials";

    private CredentialsFile() {
    }

    /**
     * One user's stored credential.
     *
     * @param user the user name
     * @param hash their password's hash
     */
    public record Credential(String user, PasswordHash hash) {
    }

    /**
     * @param file the file
     * @return its credential
     * @throws IOException              when it cannot be read
     * @throws IllegalArgumentException naming the file and what is malformed
     */
    public static Credential read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        String user = p.getProperty("user", "").trim();
        String algorithm = p.getProperty("algorithm", PasswordHash.ALGORITHM).trim();
        String hash = p.getProperty("hash");
        if (user.isEmpty()) {
            throw new IllegalArgumentException(file + ": no user=");
        }
        if (!algorithm.equals(PasswordHash.ALGORITHM)) {
            throw new IllegalArgumentException(file + ": algorithm " + algorithm + " is not supported; use "
                    + PasswordHash.ALGORITHM);
        }
        if (hash == null) {
            throw new IllegalArgumentException(file + ": no hash=");
        }
        try {
            return new Credential(user, PasswordHash.decode(hash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": hash: " + e.getMessage(), e);
        }
    }
}
