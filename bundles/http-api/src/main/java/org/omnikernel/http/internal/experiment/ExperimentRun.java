package org.omnikernel.http.internal.experiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One experiment running as a child process of the kernel's JVM ({@code okernel experiment}), its
 * output read line by line as it comes: samples are parsed for the live plot, the rest kept as a
 * log tail.
 */
public final class ExperimentRun {

    /** Lines of output kept for the log tail. */
    static final int LOG_LINES = 60;

    private final long id;
    private final String name;
    private final int seconds;
    private final String mode;
    private final Path out;
    private final Instant started = Instant.now();
    private final Process process;
    private final List<ProgressLine> samples = new ArrayList<>(); // guarded by this
    private final Deque<String> log = new ArrayDeque<>(); // guarded by this
    private volatile boolean stopRequested;
    private volatile Integer exitCode;

    ExperimentRun(long id, String name, int seconds, String mode, Path out, Process process) {
        this.id = id;
        this.name = name;
        this.seconds = seconds;
        this.mode = mode;
        this.out = out;
        this.process = process;
        Thread reader = new Thread(this::read, "experiment-" + name + "-" + id);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                accept(line);
            }
        } catch (IOException e) {
            accept("[reading the experiment's output failed: " + e.getMessage() + "]");
        }
        try {
            exitCode = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void accept(String line) {
        ProgressLine.parse(line).ifPresent(samples::add);
        log.addLast(line);
        while (log.size() > LOG_LINES) {
            log.removeFirst();
        }
    }

    /** @return the run's id */
    public long id() {
        return id;
    }

    /** @return whether the child still runs */
    public boolean running() {
        return exitCode == null;
    }

    /** Asks the child to stop (SIGTERM: the launcher stops its kernel and exits). */
    public void stop() {
        stopRequested = true;
        process.toHandle().destroy();
    }

    /** Ends the child at once, for when the API itself stops. */
    void kill() {
        stopRequested = true;
        process.destroyForcibly();
    }

    /** @return running, done (exit 0), stopped (asked to), or failed (another exit code) */
    public String state() {
        Integer code = exitCode;
        if (code == null) {
            return "running";
        }
        if (code == 0) {
            return "done";
        }
        return stopRequested ? "stopped" : "failed";
    }

    /** @return the run as JSON: settings, state, every sample so far, the output's last lines */
    public synchronized Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", id);
        m.put("name", name);
        m.put("seconds", seconds);
        m.put("mode", mode == null ? "" : mode);
        m.put("state", state());
        m.put("exitCode", exitCode);
        m.put("started", started.toString());
        m.put("out", out.toString());
        m.put("samples", samples.stream().map(ProgressLine::toMap).toList());
        m.put("log", List.copyOf(log));
        return m;
    }
}
