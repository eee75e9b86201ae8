package org.omnikernel.storage;

/**
 * Where a namespace path goes: the mount whose point is its longest prefix (by whole segments), and
 * the path below that point.
 *
 * @param mount    the mount
 * @param relative the path within the file system, starting with {@code /}
 */
public record MountRoute(Mount mount, String relative) {
}
