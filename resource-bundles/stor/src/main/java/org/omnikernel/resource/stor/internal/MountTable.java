package org.omnikernel.resource.stor.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.omnikernel.storage.Mount;
import org.omnikernel.storage.MountRoute;
import org.omnikernel.storage.MountedFileSystem;
import org.omnikernel.storage.Volume;

/**
 * The storage routing table (seed §5.7): mount points to mounted file systems, with reservations for
 * mounts under way, so that two mounts cannot race for one point or one volume. Guarded by itself.
 */
final class MountTable {

    /** A mount and the file system behind it. */
    record Entry(Mount mount, Volume volume, MountedFileSystem fs) {
    }

    private final Map<String, Entry> mounted = new LinkedHashMap<>();
    private final Map<String, Volume> reserved = new LinkedHashMap<>();

    /**
     * @param path a path from a caller
     * @return it in normal form: absolute, no empty, {@code .} or {@code ..} segments, no trailing slash
     * @throws IllegalArgumentException naming the path when it is not absolute or has such segments
     */
    static String normalize(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("mount point \"" + path + "\" is not an absolute path");
        }
        StringBuilder out = new StringBuilder();
        for (String seg : path.split("/")) {
            if (seg.isEmpty()) {
                continue;
            }
            if (seg.equals(".") || seg.equals("..")) {
                throw new IllegalArgumentException("path \"" + path + "\" has a \"" + seg + "\" segment");
            }
            out.append('/').append(seg);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /**
     * Reserves a mount point for a volume, checking that neither is in use and that the volume
     * overlaps no mounted one of the same unit (a whole unit and its partitions).
     *
     * @throws IllegalArgumentException naming the conflict
     */
    synchronized void reserve(String point, Volume volume) {
        if (mounted.containsKey(point) || reserved.containsKey(point)) {
            Volume holder = mounted.containsKey(point) ? mounted.get(point).volume() : reserved.get(point);
            throw new IllegalArgumentException("mount point " + point + " is taken by volume " + holder.name());
        }
        for (Map.Entry<String, Volume> e : inUse().entrySet()) {
            Volume v = e.getValue();
            if (v.name().equals(volume.name())) {
                throw new IllegalArgumentException("volume " + volume.name() + " is already mounted at " + e.getKey());
            }
            if (v.unit().equals(volume.unit()) && v.offset() < volume.offset() + volume.size()
                    && volume.offset() < v.offset() + v.size()) {
                throw new IllegalArgumentException("volume " + volume.name() + " overlaps volume " + v.name()
                        + ", mounted at " + e.getKey());
            }
        }
        reserved.put(point, volume);
    }

    /** Ends a reservation without mounting. */
    synchronized void release(String point) {
        reserved.remove(point);
    }

    /** Turns a reservation into a mount. */
    synchronized void mounted(String point, Entry entry) {
        reserved.remove(point);
        mounted.put(point, entry);
    }

    /** Checks whether a volume is mounted or being mounted, for format. */
    synchronized Optional<String> pointOf(Volume volume) {
        return inUse().entrySet().stream()
                .filter(e -> e.getValue().unit().equals(volume.unit()) && e.getValue().offset() < volume.offset() + volume.size()
                        && volume.offset() < e.getValue().offset() + e.getValue().size())
                .map(e -> e.getKey() + " (" + e.getValue().name() + ")").findFirst();
    }

    synchronized Optional<Entry> get(String point) {
        return Optional.ofNullable(mounted.get(point));
    }

    synchronized Optional<Entry> remove(String point) {
        return Optional.ofNullable(mounted.remove(point));
    }

    /** @return the mounts on a unit's volumes */
    synchronized List<Entry> onUnit(String unit) {
        return mounted.values().stream().filter(e -> e.volume().unit().equals(unit)).toList();
    }

    synchronized List<Mount> mounts() {
        return mounted.values().stream().map(Entry::mount).sorted(Comparator.comparing(Mount::mountPoint)).toList();
    }

    /** Longest whole-segment prefix: {@code /fs} routes {@code /fs} and {@code /fs/a}, not {@code /fsx}. */
    synchronized Optional<MountRoute> route(String path) {
        String p;
        try {
            p = normalize(path);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Entry best = null;
        for (Entry e : mounted.values()) {
            String mp = e.mount().mountPoint();
            boolean under = mp.equals("/") || p.equals(mp) || p.startsWith(mp + "/");
            if (under && (best == null || mp.length() > best.mount().mountPoint().length())) {
                best = e;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String mp = best.mount().mountPoint();
        String rel = mp.equals("/") ? p : p.substring(mp.length());
        return Optional.of(new MountRoute(best.mount(), rel.isEmpty() ? "/" : rel));
    }

    private Map<String, Volume> inUse() {
        Map<String, Volume> all = new LinkedHashMap<>(reserved);
        mounted.forEach((k, e) -> all.put(k, e.volume()));
        return all;
    }

    synchronized List<String> points() {
        return new ArrayList<>(mounted.keySet());
    }
}
