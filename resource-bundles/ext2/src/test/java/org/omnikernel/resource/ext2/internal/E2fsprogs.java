package org.omnikernel.resource.ext2.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's e2fsprogs (mke2fs, e2fsck, debugfs, dumpe2fs), the oracle of these tests. */
final class E2fsprogs {
    private static final List<String> DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    /** What a tool printed and returned. */
    record Result(int exit, String output, String errors) {
    }

    private E2fsprogs() {
    }

    static String tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        for (String dir : DIRS) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new IllegalStateException(name + " not found: install e2fsprogs (.ci/run does)");
    }

    static Result run(String... command) {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, tool(cmd.get(0)));
        try {
            Path errors = Files.createTempFile("e2fsprogs", ".err");
            try {
                // Standard error apart: tools print their banner there, and callers parse standard output.
                Process p = new ProcessBuilder(cmd).redirectError(errors.toFile()).start();
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out: " + cmd);
                }
                return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                        Files.readString(errors));
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs a tool and fails unless it exits 0. */
    static String check(String... command) {
        Result r = run(command);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exit() + ":\n" + r.output() + r.errors());
        }
        return r.output();
    }

    /** mke2fs -t ext2 with the given block size and size in KiB, extra options, populated from {@code source} if not null. */
    static Path mkfs(Path image, int blockSize, long kib, Path source, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("mke2fs", "-q", "-F", "-t", "ext2", "-b",
                String.valueOf(blockSize)));
        cmd.addAll(List.of(extra));
        if (source != null) {
            cmd.addAll(List.of("-d", source.toString()));
        }
        cmd.addAll(List.of(image.toString(), kib + "k"));
        check(cmd.toArray(String[]::new));
        return image;
    }

    /** e2fsck -fn: fails with its report unless it finds nothing wrong. */
    static void fsckClean(Path image) {
        check("e2fsck", "-fn", image.toString());
    }

    static String debugfs(Path image, String request) {
        return check("debugfs", "-R", request, image.toString());
    }

    static String debugfsWrite(Path image, String request) {
        return check("debugfs", "-w", "-R", request, image.toString());
    }
}
