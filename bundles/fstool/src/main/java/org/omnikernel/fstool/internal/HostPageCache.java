package org.omnikernel.fstool.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's page cache for one file, through GNU coreutils and util-linux (Java 17 has no
 * {@code posix_fadvise}): {@code sync FILE} puts its dirty pages on the disk, {@code dd iflag=nocache
 * count=0} asks the kernel to drop all of its pages ({@code POSIX_FADV_DONTNEED}), and {@code fincore}
 * says how many bytes are still resident. A benchmark's cold pass then reads from the disk, as a cold
 * read does, rather than from memory.
 *
 * <p>Nothing here needs privileges; when a tool is missing or the drop leaves the file resident, the
 * outcome says so and the caller labels its pass as read from the OS cache.
 */
final class HostPageCache {

    /** A drop may leave this fraction of the file resident (pages of it others hold, mapped, in flight). */
    static final double RESIDENT_TOLERANCE = 0.10;
    private static final long TOOL_SECONDS = 120;

    /**
     * What one drop did.
     *
     * @param dropped        whether the file is now (almost) not resident: a read of it is a disk read
     * @param residentBefore bytes resident before, -1 if unknown
     * @param residentAfter  bytes resident after, -1 if unknown
     * @param problem        why not dropped, empty if it was
     */
    record Drop(boolean dropped, long residentBefore, long residentAfter, String problem) {
    }

    private HostPageCache() {
    }

    /**
     * Writes the file's dirty pages to the disk and drops all of its pages from the page cache.
     *
     * @param file the file
     * @return what happened; never throws for a missing tool or a refused call
     */
    static Drop drop(Path file) {
        long fileBytes = file.toFile().length();
        long before = resident(file);
        String failed = run(List.of("sync", file.toString()));
        if (failed == null) {
            failed = run(List.of("dd", "if=" + file, "iflag=nocache", "count=0", "status=none"));
        }
        long after = resident(file);
        if (failed != null) {
            return new Drop(false, before, after, failed);
        }
        if (after < 0) {
            return new Drop(false, before, after, "fincore could not tell how much of " + file + " is resident");
        }
        if (after > RESIDENT_TOLERANCE * fileBytes) {
            return new Drop(false, before, after, after + " of " + fileBytes + " bytes of " + file
                    + " are still in the page cache after dd iflag=nocache");
        }
        return new Drop(true, before, after, "");
    }

    /** @return bytes of the file in the page cache ({@code fincore}), or -1 when it cannot tell */
    static long resident(Path file) {
        Process p;
        try {
            p = new ProcessBuilder("fincore", "--bytes", "--noheadings", "--output", "RES", file.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(TOOL_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return -1;
            }
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** @return null when the command succeeded, else what went wrong */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(TOOL_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " did not finish within " + TOOL_SECONDS + " s";
            }
            return p.exitValue() == 0 ? null : String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + out;
        } catch (IOException e) {
            return String.join(" ", command) + " could not run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return String.join(" ", command) + " was interrupted";
        }
    }
}
