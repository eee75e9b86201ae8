package org.omnikernel.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;

/**
 * Runs {@code fs}: boots the storage stack with the image as a device and its volume mounted at
 * {@code /fs}, lets the fs tool bundle perform the operation through the system calls, then prints
 * what it printed and exits with its outcome.
 *
 * <pre>
 *   image readable? ─ no ─▶ exit 2
 *   KernelRunner (no banner, no shell) ─▶ boot failed ─▶ its exit code (1, 3, 4)
 *        └▶ stopped ─┬─ no result ─▶ exit 1
 *                    ├─ failed    ─▶ print the error ─▶ exit 6
 *                    └─ done      ─▶ copy out to stdout ─▶ exit 0
 * </pre>
 */
final class FsLauncher {

    private final OkernelHome home;
    private final OutputStream stdout;
    private final PrintStream err;

    /**
     * @param home   the distribution
     * @param stdout where the operation's output goes, byte for byte
     * @param err    where errors go
     */
    FsLauncher(OkernelHome home, OutputStream stdout, PrintStream err) {
        this.home = home;
        this.stdout = stdout;
        this.err = err;
    }

    /**
     * @param fs the command
     * @return an {@link ExitCode}
     * @throws IOException          if the session's files cannot be written or read
     * @throws InterruptedException if interrupted while waiting for the kernel
     */
    int run(Command.Fs fs) throws IOException, InterruptedException {
        String problem = Main.unreadable(fs.image());
        if (problem != null) {
            err.println("okernel: fs: " + problem);
            return ExitCode.USAGE;
        }
        if (!fs.readOnly() && fs.op().writes() && !Files.isWritable(fs.image())) {
            err.println("okernel: fs " + fs.op().word() + ": " + fs.image() + " is not writable");
            return ExitCode.USAGE;
        }
        if (inUse(fs.image(), fs.readOnly() || !fs.op().writes())) {
            err.println("okernel: fs: " + fs.image() + " is in use: a running kernel (or another fs) has it open;"
                    + " stop it, or work on a copy");
            return ExitCode.FS_FAILED;
        }
        Path dir = Files.createTempDirectory("okernel-fs-");
        try {
            return runSession(FsSession.prepare(fs, dir), "fs " + fs.op().word(),
                    "fs " + fs.op().word() + " " + String.join(" ", fs.operands()));
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Boots the kernel for a prepared session and waits for the fs tool's outcome, copying what it
     * printed to stdout.
     *
     * @param session  the session, its files written
     * @param what     the command, for the message when the kernel stops early
     * @param failedAs the command with its operands, for the message when it fails
     * @return an {@link ExitCode}
     * @throws IOException          if the session's files cannot be read
     * @throws InterruptedException if interrupted while waiting for the kernel
     */
    int runSession(FsSession session, String what, String failedAs) throws IOException, InterruptedException {
        int code = new KernelRunner(home, home.defaultConfig(), null, false, session, null,
                new PrintStream(OutputStream.nullOutputStream()), err).run();
        Optional<Properties> result = session.result();
        if (result.isEmpty()) {
            if (code == ExitCode.OK) {
                err.println("okernel: " + what + ": the kernel stopped before the operation finished");
                return ExitCode.FAILURE;
            }
            return code;
        }
        if (!"0".equals(result.get().getProperty("status"))) {
            err.println("okernel: " + failedAs + ": " + result.get().getProperty("error", "failed"));
            return ExitCode.FS_FAILED;
        }
        if (Files.exists(session.out())) {
            Files.copy(session.out(), stdout);
            stdout.flush();
        }
        return ExitCode.OK;
    }

    /**
     * @return whether another process holds the lock the file disk driver takes on its image (the
     *         driver refuses it then too; asking first gives the reason before a boot)
     */
    static boolean inUse(Path image, boolean readOnly) throws IOException {
        try (java.nio.channels.FileChannel c = readOnly ? java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.READ)
                : java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock = c.tryLock(0, Long.MAX_VALUE, readOnly);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
