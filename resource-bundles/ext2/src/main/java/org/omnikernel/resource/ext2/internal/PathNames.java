package org.omnikernel.resource.ext2.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/** Splits and checks paths: absolute, components of 1..255 bytes of UTF-8 without NUL. */
final class PathNames {
    private PathNames() {
    }

    /**
     * @param path an absolute path ("/a/b"); repeated and trailing slashes are ignored
     * @return its components, first first
     * @throws Ext2Exception INVALID_PATH or NAME_TOO_LONG naming the path
     */
    static Deque<byte[]> absolute(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new Ext2Exception(Ext2Error.INVALID_PATH, "path '" + path + "' is not absolute");
        }
        return components(path, path);
    }

    /** @return the components of a path or symlink target, absolute or relative */
    static Deque<byte[]> components(String path, String forMessage) {
        if (path.indexOf('\0') >= 0) {
            throw new Ext2Exception(Ext2Error.INVALID_PATH, "path '" + forMessage + "' contains NUL");
        }
        Deque<byte[]> out = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            byte[] name = part.getBytes(StandardCharsets.UTF_8);
            if (name.length > DirectoryBlock.MAX_NAME) {
                throw new Ext2Exception(Ext2Error.NAME_TOO_LONG, "name '" + part.substring(0, Math.min(20, part.length()))
                        + "…' in path is " + name.length + " bytes; at most " + DirectoryBlock.MAX_NAME);
            }
            out.add(name);
        }
        return out;
    }

    static boolean isDotOrDotDot(byte[] name) {
        return (name.length == 1 && name[0] == '.') || (name.length == 2 && name[0] == '.' && name[1] == '.');
    }
}
