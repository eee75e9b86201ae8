package org.omnikernel.storage;

/**
 * An open file or directory, as FCR answers OPEN.
 *
 * @param handle     the handle for READ, WRITE, CLOSE and the other handle requests
 * @param path       the namespace path opened
 * @param attributes its attributes when opened
 */
public record FileHandle(long handle, String path, FileAttributes attributes) {
}
