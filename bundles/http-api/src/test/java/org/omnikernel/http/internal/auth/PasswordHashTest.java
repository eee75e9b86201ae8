package org.omnikernel.http.internal.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void matchesOnlyThePasswordItWasMadeFrom() {
        PasswordHash h = PasswordHash.create("s3cret".toCharArray(), 10_000, RANDOM);
        assertTrue(h.matches("s3cret".toCharArray()));
        assertFalse(h.matches("s3cret ".toCharArray()));
        assertFalse(h.matches("".toCharArray()));
    }

    @Test
    void theSameePasswordGetsADifferentSaltAndHashEachTime() {
        PasswordHash a = PasswordHash.create("pw".toCharArray(), 10_000, RANDOM);
        PasswordHash b = PasswordHash.create("pw".toCharArray(), 10_000, RANDOM);
        assertNotEquals(a.encode(), b.encode());
    }

    @Test
    void encodedFormReadsBackAndStillMatches() {
        PasswordHash h = PasswordHash.create("pw".toCharArray(), 12_345, RANDOM);
        PasswordHash back = PasswordHash.decode(h.encode());
        assertArrayEquals(h.hash(), back.hash());
        assertTrue(back.matches("pw".toCharArray()));
        assertTrue(h.encode().startsWith("12345:"));
    }

    @Test
    void malformedOrWeakStoredHashesAreRefusedWithAReason() {
        IllegalArgumentException parts = assertThrows(IllegalArgumentException.class, () -> PasswordHash.decode("1:2"));
        assertTrue(parts.getMessage().contains("iterations:salt:hash"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.decode("many:AAAA:AAAA"));
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> new PasswordHash(100, new byte[16], new byte[32]));
        assertTrue(few.getMessage().contains("too few"));
    }
}
