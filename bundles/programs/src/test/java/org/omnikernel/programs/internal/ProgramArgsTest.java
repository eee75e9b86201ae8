package org.omnikernel.programs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;

/** A program's arguments: counted against its usage, numbers checked, a bad one named. */
class ProgramArgsTest {

    @Test
    void argumentsAreReadByPositionAndNumbersChecked() {
        ProgramArgs a = new ProgramArgs(DiskReadProgram.NAME, DiskReadProgram.USAGE,
                List.of("2", "4", "5000", "/fs/e4-a", "8", "2097152"));
        assertEquals(2, a.number(0, 1, 1024));
        assertEquals("/fs/e4-a", a.text(3));
        assertEquals(2_097_152L, a.number(5, 4, 1L << 40));
    }

    @Test
    void aWrongCountOrABadNumberIsNamed() {
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> new ProgramArgs(FileReadProgram.NAME, FileReadProgram.USAGE, List.of("2", "5000")));
        assertTrue(count.getMessage().contains("3 arguments (threads share path)"), count.getMessage());
        ProgramArgs a = new ProgramArgs(FileReadProgram.NAME, FileReadProgram.USAGE, List.of("two", "0", "/fs/x"));
        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class, () -> a.number(0, 1, 1024));
        assertTrue(threads.getMessage().contains("threads=\"two\""), threads.getMessage());
        IllegalArgumentException share = assertThrows(IllegalArgumentException.class, () -> a.number(1, 1, 1_000_000_000));
        assertTrue(share.getMessage().contains("share=\"0\" is not a whole number from 1"), share.getMessage());
    }

    @Test
    void mustReturnsTheValueOrEndsTheProgramNamingTheCall() {
        assertEquals(7, ProgramArgs.must(Result.ok(7), "seven"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ProgramArgs.must(Result.error(Err.NOT_FOUND, "no such file"), "open /fs/x"));
        assertTrue(e.getMessage().startsWith("open /fs/x: "), e.getMessage());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }
}
