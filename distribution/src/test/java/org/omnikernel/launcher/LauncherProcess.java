package org.omnikernel.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The launcher of the assembled distribution ({@code target/okernel}) running in a child JVM, as
 * {@code java -cp "target/okernel/lib/*" org.omnikernel.launcher.Main ...}, without standard input
 * (as in CI). Two threads collect its output as it comes, so tests can wait for a line with a bound.
 */
final class LauncherProcess implements AutoCloseable {

    private final Process process;
    private final StringBuilder stdout = new StringBuilder(); // guarded by this
    private final StringBuilder stderr = new StringBuilder(); // guarded by this
    private final List<Thread> readers = new ArrayList<>();
    private int openStreams = 2; // guarded by this

    private LauncherProcess(Process process) {
        this.process = process;
        readers.add(read(process.getInputStream(), stdout, "stdout"));
        readers.add(read(process.getErrorStream(), stderr, "stderr"));
    }

    /** @return the assembled distribution, as failsafe passes it in {@code okernel.home} */
    static Path home() {
        return Path.of(System.getProperty(OkernelHome.PROPERTY, "target/okernel")).toAbsolutePath();
    }

    /**
     * @param args the launcher's arguments
     * @return the running launcher
     * @throws IOException if the child JVM cannot be started
     */
    static LauncherProcess start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /**
     * @param jvmOptions options for the child JVM, such as {@code -Dname=value}
     * @param args       the launcher's arguments
     * @return the running launcher
     * @throws IOException if the child JVM cannot be started
     */
    static LauncherProcess start(List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(BenchLauncher.javaExecutable()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", home().resolve("lib").resolve("*").toString(), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close(); // no standard input, as in CI
        return new LauncherProcess(process);
    }

    private Thread read(InputStream stream, StringBuilder into, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    append(into, line);
                }
            } catch (IOException e) {
                append(into, "[reading " + name + " failed: " + e + "]");
            } finally {
                streamClosed();
            }
        }, "launcher-" + name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private synchronized void append(StringBuilder into, String line) {
        into.append(line).append('\n');
        notifyAll();
    }

    private synchronized void streamClosed() {
        openStreams--;
        notifyAll();
    }

    /**
     * Waits until standard output contains {@code text}, the launcher closes its output, or the
     * timeout passes.
     *
     * @return whether standard output contains the text
     */
    synchronized boolean awaitStdout(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stdout.indexOf(text) < 0 && openStreams > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return stdout.indexOf(text) >= 0;
    }

    /**
     * Waits for the launcher to exit, then for its output to be read to the end.
     *
     * @return whether it exited within the timeout
     */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        for (Thread reader : readers) {
            reader.join(Duration.ofSeconds(5).toMillis());
        }
        return true;
    }

    /**
     * Sends SIGTERM, as {@code kill} would. Through the process handle: {@code Process.destroy()}
     * sends the same signal but also closes our ends of the pipes, losing what the launcher prints
     * while it stops.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Sends SIGKILL: the JVM dies at once, with nothing written back (a crash). */
    void kill() {
        process.toHandle().destroyForcibly();
    }

    int exitValue() {
        return process.exitValue();
    }

    synchronized String stdout() {
        return stdout.toString();
    }

    synchronized String stderr() {
        return stderr.toString();
    }

    /** @return both streams, for assertion messages */
    String transcript() {
        return "--- stdout ---\n" + stdout() + "--- stderr ---\n" + stderr();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
