package org.omnikernel.driver.filedisk;

import java.util.Locale;

/**
 * A rotating disk: service time = seek + rotational latency + media transfer.
 *
 * <ul>
 *   <li><b>Seek</b> from the head's cylinder to the request's: 0 on the same cylinder, else
 *       {@code trackToTrack + (fullStroke − trackToTrack) × √(distance / cylinders)} — short seeks are
 *       dominated by settling, long ones by the arm's travel.</li>
 *   <li><b>Rotation</b>: the platter turns continuously at {@code rpm}; after the seek the head waits
 *       until the request's first sector comes round (the angle is the sector's place on its track).</li>
 *   <li><b>Transfer</b>: bytes at the media rate, during which the platter keeps turning, so a
 *       sequential stream pays no rotational latency between requests that follow each other.</li>
 * </ul>
 *
 * <p>Deterministic: the same requests at the same times take the same time, so its figures can be
 * tested without a clock.
 */
final class RotationalDisk implements DiskModel {

    private final int rpm;
    private final long trackToTrackNanos;
    private final long fullStrokeNanos;
    private final long bytesPerSecond;
    private final long trackBytes;
    private final long cylinders;
    private final long revolutionNanos;
    private long headCylinder;
    private long nextSequentialBlock = -1;
    private long nextSequentialAt;

    /**
     * @param rpm             spindle speed, e.g. 10000
     * @param trackToTrackUs  shortest seek, µs
     * @param fullStrokeUs    longest seek, µs
     * @param mbPerSecond     media transfer rate, MB/s (10^6 bytes)
     * @param trackBytes      bytes on one track
     * @param capacityBytes   the disk's size, to lay out cylinders
     * @throws IllegalArgumentException naming a value that is out of range
     */
    RotationalDisk(int rpm, long trackToTrackUs, long fullStrokeUs, long mbPerSecond, long trackBytes, long capacityBytes) {
        require(rpm >= 1000 && rpm <= 30000, "rpm " + rpm + " is not between 1000 and 30000");
        require(trackToTrackUs >= 0 && fullStrokeUs >= trackToTrackUs,
                "seek times: track-to-track " + trackToTrackUs + " us must be at least 0 and at most full-stroke " + fullStrokeUs + " us");
        require(mbPerSecond >= 1 && mbPerSecond <= 100_000, "media rate " + mbPerSecond + " MB/s is not between 1 and 100000");
        require(trackBytes >= 512, "track size " + trackBytes + " bytes is below 512");
        this.rpm = rpm;
        this.trackToTrackNanos = trackToTrackUs * 1000;
        this.fullStrokeNanos = fullStrokeUs * 1000;
        this.bytesPerSecond = mbPerSecond * 1_000_000;
        this.trackBytes = trackBytes;
        this.cylinders = Math.max(1, capacityBytes / trackBytes);
        this.revolutionNanos = 60_000_000_000L / rpm;
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("disk model: " + what);
        }
    }

    @Override
    public synchronized long serviceNanos(long block, int blocks, int blockSize, long startNanos) {
        if (blocks == 0) {
            return 0; // a flush: the model keeps no volatile cache
        }
        long byteOffset = block * blockSize;
        long bytes = (long) blocks * blockSize;
        long transfer = bytes * 1_000_000_000L / bytesPerSecond;
        long positioning;
        if (block == nextSequentialBlock && startNanos - nextSequentialAt < revolutionNanos / 8) {
            positioning = 0; // the next sector is under the head: a stream
        } else {
            long cylinder = byteOffset / trackBytes;
            long seek = seekNanos(Math.abs(cylinder - headCylinder));
            long arrive = startNanos + seek;
            double sectorAngle = (double) (byteOffset % trackBytes) / trackBytes;
            double headAngle = (double) Math.floorMod(arrive, revolutionNanos) / revolutionNanos;
            double wait = sectorAngle - headAngle;
            if (wait < 0) {
                wait += 1;
            }
            positioning = seek + (long) (wait * revolutionNanos);
        }
        long end = byteOffset + bytes;
        headCylinder = (end - 1) / trackBytes;
        nextSequentialBlock = block + blocks;
        nextSequentialAt = startNanos + positioning + transfer;
        return positioning + transfer;
    }

    long seekNanos(long distance) {
        if (distance == 0) {
            return 0;
        }
        return trackToTrackNanos + (long) ((fullStrokeNanos - trackToTrackNanos) * Math.sqrt((double) distance / cylinders));
    }

    long revolutionNanos() {
        return revolutionNanos;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "rotational %d rpm, seek %.1f-%.1f ms, %d MB/s", rpm, trackToTrackNanos / 1e6,
                fullStrokeNanos / 1e6, bytesPerSecond / 1_000_000);
    }
}
