package org.omnikernel.resource.scsi.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Sense data and CDBs laid out by hand from SPC-4 and SBC-3, against SCSIR's decoding and encoding. */
class SenseDataTest {

    @Test
    void fixedFormatWithAValidInformationFieldNamesTheFailingLba() {
        byte[] sense = new byte[18];
        sense[0] = (byte) 0xf0; // VALID, current, fixed
        sense[2] = 0x03; // MEDIUM ERROR
        sense[3] = 0x00;
        sense[4] = 0x00;
        sense[5] = 0x04;
        sense[6] = (byte) 0xd2; // 1234
        sense[7] = 10;
        sense[12] = 0x11;
        assertEquals("scsi0.0: MEDIUM ERROR, unrecovered read error (11/00) at LBA 1234",
                SenseData.decode(sense).describe("scsi0.0", 77));
    }

    @Test
    void fixedFormatWithoutInformationUsesTheCommandsLba() {
        byte[] sense = new byte[18];
        sense[0] = 0x70;
        sense[2] = 0x05;
        sense[12] = 0x21;
        assertEquals("scsi1.2: ILLEGAL REQUEST, logical block address out of range (21/00) at LBA 99",
                SenseData.decode(sense).describe("scsi1.2", 99));
    }

    @Test
    void descriptorFormatIsReadWithItsInformationDescriptor() {
        byte[] sense = new byte[8 + 12];
        sense[0] = 0x72;
        sense[1] = 0x03;
        sense[2] = 0x0c;
        sense[3] = 0x02;
        sense[7] = 12;
        sense[8] = 0x00; // information descriptor
        sense[9] = 0x0a;
        sense[10] = (byte) 0x80; // VALID
        sense[15] = 0x01; // LBA 2^32 + 5 in bytes 12..19
        sense[19] = 0x05;
        SenseData s = SenseData.decode(sense);
        assertEquals(new SenseData(3, 0x0c, 0x02, (1L << 32) + 5), s);
        assertEquals("scsi0.1: MEDIUM ERROR, write error, auto reallocation failed (0C/02) at LBA 4294967301",
                s.describe("scsi0.1", -1));
    }

    @Test
    void anUnknownCodeIsShownByNumberAndGarbageIsRefused() {
        assertEquals("scsi0.0: HARDWARE ERROR, additional sense code (5D/01)",
                SenseData.decode(new byte[] {0x72, 0x04, 0x5d, 0x01, 0, 0, 0, 0}).describe("scsi0.0", -1));
        assertThrows(IllegalArgumentException.class, () -> SenseData.decode(new byte[] {0x12, 0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> SenseData.decode(new byte[1]));
    }

    @Test
    void transfersUseTenByteCdbsWhenTheyFitAndSixteenByteOnesBeyond() {
        assertArrayEquals(new byte[] {0x28, 0, 0x12, 0x34, 0x56, 0x78, 0, 0x01, 0x00, 0}, Cdbs.transfer(false, 0x12345678L, 256));
        byte[] big = Cdbs.transfer(true, 0x1_0000_0000L, 8);
        assertEquals(16, big.length);
        assertEquals((byte) 0x8a, big[0]);
        assertEquals(0x1_0000_0000L, Cdbs.u64(big, 2));
        assertEquals(8, Cdbs.u32(big, 10));
        assertEquals(16, Cdbs.transfer(false, 0, 0x10000).length, "a count beyond 16 bits needs READ(16)");
    }

    @Test
    void reportLunsDataInBothAddressingMethodsIsParsed() {
        byte[] d = new byte[8 + 24];
        d[3] = 24;
        d[8 + 1] = 3; // peripheral, LUN 3
        d[16] = 0x41; // flat, LUN 0x100 + 2
        d[17] = 0x02;
        d[24] = (byte) 0x80; // logical unit addressing: not one SCSIR follows
        assertEquals(List.of(3, 0x102), AdapterProbe.parseLuns(d));
    }
}
