package org.omnikernel.resource.stor.internal;

import java.util.concurrent.CompletionStage;

/** Reads a unit's bytes through the grid ({@code UnitProtocol} READ to the unit's resource). */
interface UnitReader {

    /**
     * @param offset where, a multiple of the unit's block size
     * @param length how much, a multiple of the unit's block size
     * @return the bytes; fails with an {@link java.io.IOException} carrying the unit's error answer
     */
    CompletionStage<byte[]> read(long offset, int length);
}
