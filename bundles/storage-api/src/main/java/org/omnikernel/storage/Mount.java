package org.omnikernel.storage;

/**
 * One entry of STOR's routing table: namespace paths at and below {@code mountPoint} go to
 * {@code resource}.
 *
 * @param mountPoint     where, such as {@code /fs}
 * @param volume         the volume mounted
 * @param type           the file-system type
 * @param resource       the file-system resource answering {@link FileProtocol}
 * @param readOnly       whether mounted read-only
 * @param readOnlyReason why read-only although read-write was asked for, else empty
 */
public record Mount(String mountPoint, String volume, String type, String resource, boolean readOnly,
        String readOnlyReason) {
}
