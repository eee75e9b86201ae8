package org.omnikernel.http.internal.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash, as stored in the credentials file. Only the hash is
 * ever stored; verification recomputes it and compares in constant time.
 *
 * @param iterations PBKDF2 iterations
 * @param salt       random salt, at least 16 bytes
 * @param hash       the derived key, 32 bytes
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {

    /** The algorithm, also written to the file so that a later change of default can still read old files. */
    public static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** Iterations for new hashes (OWASP's 2023 figure for PBKDF2-HMAC-SHA256 is 600 000). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final int KEY_BITS = 256;

    /** Checks the parameters. */
    public PasswordHash {
        if (iterations < 10_000) {
            throw new IllegalArgumentException("iterations " + iterations + " is too few; at least 10000");
        }
        if (salt.length < 16) {
            throw new IllegalArgumentException("the salt has " + salt.length + " bytes; at least 16");
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    /**
     * @param password   the password
     * @param iterations PBKDF2 iterations
     * @param random     where the salt comes from
     * @return a new hash of it with a fresh salt
     */
    public static PasswordHash create(char[] password, int iterations, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /**
     * @param password a candidate
     * @return whether it is the password this hash was made from
     */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** @return {@code iterations:salt:hash}, both in Base64 */
    public String encode() {
        Base64.Encoder b64 = Base64.getEncoder();
        return iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash);
    }

    /**
     * @param text what {@link #encode()} wrote
     * @return the hash
     * @throws IllegalArgumentException saying what is malformed
     */
    public static PasswordHash decode(String text) {
        String[] parts = text.trim().split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected iterations:salt:hash, got " + parts.length + " parts");
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            return new PasswordHash(Integer.parseInt(parts[0]), b64.decode(parts[1]), b64.decode(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations \"" + parts[0] + "\" is not a number", e);
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }
}
