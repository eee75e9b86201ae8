package org.omnikernel.fstool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dropping a file from the host's page cache, checked with fincore: the cold passes of bench storage
 * rely on it to read from the disk. Needs GNU dd and util-linux fincore (both on these machines).
 */
class HostPageCacheTest {

    @TempDir
    Path temp;

    @Test
    void aFileJustWrittenAndReadIsResidentAndDroppedAfterwards() throws IOException {
        Path file = temp.resolve("image");
        byte[] data = new byte[16 << 20];
        new Random(1).nextBytes(data);
        Files.write(file, data);
        Files.readAllBytes(file);
        long resident = HostPageCache.resident(file);
        assumeTrue(resident >= 0, "fincore is not available here");
        assertTrue(resident > data.length / 2, "a file just written and read should be mostly resident: " + resident);

        HostPageCache.Drop drop = HostPageCache.drop(file);

        assertTrue(drop.dropped(), drop.problem());
        assertEquals("", drop.problem());
        assertEquals(resident, drop.residentBefore());
        assertTrue(drop.residentAfter() <= HostPageCache.RESIDENT_TOLERANCE * data.length,
                "still resident after the drop: " + drop.residentAfter());
        assertTrue(HostPageCache.resident(file) <= HostPageCache.RESIDENT_TOLERANCE * data.length);
    }

    @Test
    void aMissingFileIsReportedNotDropped() {
        HostPageCache.Drop drop = HostPageCache.drop(temp.resolve("absent"));

        assertFalse(drop.dropped());
        assertTrue(drop.problem().contains("absent"), drop.problem());
        assertEquals(-1, drop.residentAfter());
    }
}
