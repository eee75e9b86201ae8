package org.omnikernel.resource.aio.internal;

import org.omnikernel.okrt.object.Buffer;

/**
 * A READ or WRITE AIOR has sent and not had answered, found again by its tag.
 *
 * @param flow   the flow it belongs to
 * @param source the source it reads, or whose data it writes; null for the end-of-data WRITE of a
 *               closed flow
 * @param read   READ, else WRITE
 * @param seq    a READ's place among its source's READs
 * @param length bytes asked for (READ) or carried (WRITE)
 * @param data   a WRITE's buffer, whose reference AIOR keeps until the answer
 */
record Op(FlowImpl flow, FlowSource source, boolean read, long seq, int length, Buffer data) {
}
