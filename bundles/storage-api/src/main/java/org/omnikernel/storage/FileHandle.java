package org.omnikernel.storage;

/**
 * An open file or directory, as FCR answers OPEN.
 *
 * @param handle     the handle for READ, WRITE, CLOSE and the other handle requests
 * @param path       the namespace path opened
 * @param attributes its attributes when opened
 * @param changes    the file's change cookie, or null (a directory, or a cache that keeps none); since 0.4.0
 */
public record FileHandle(long handle, String path, FileAttributes attributes, ChangeCookie changes) {

    /** An open file or directory without a change cookie. */
    public FileHandle(long handle, String path, FileAttributes attributes) {
        this(handle, path, attributes, null);
    }
}
