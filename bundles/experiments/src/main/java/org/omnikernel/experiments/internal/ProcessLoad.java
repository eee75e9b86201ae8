package org.omnikernel.experiments.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.ProcessHandle;
import org.omnikernel.syscall.spi.ProcessService;
import org.omnikernel.syscall.spi.ProcessSpec;

/**
 * The processes an experiment runs: started once their program's bundle offers it, watched, and
 * killed and awaited however the experiment ends ({@link #close}).
 */
final class ProcessLoad implements AutoCloseable {

    /** How long the processes may take to end once killed. */
    static final Duration KILL_TIMEOUT = Duration.ofSeconds(20);
    private static final long POLL_NANOS = 50_000_000L;

    private final ProcessService processes;
    private final String experiment;
    private final PrintStream progress;
    private final List<ProcessHandle> started = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();

    ProcessLoad(ProcessService processes, String experiment, PrintStream progress) {
        this.processes = processes;
        this.experiment = experiment;
        this.progress = progress;
    }

    /**
     * Starts a process, waiting up to {@link E1CpuAttribution#ATTACH_TIMEOUT} for the program's
     * bundle to offer it.
     *
     * @param label what the experiment calls it, such as {@code a}
     * @param spec  what to start
     * @return the process
     * @throws ExperimentFailure    when it cannot be started
     * @throws InterruptedException when interrupted
     */
    ProcessHandle start(String label, ProcessSpec spec) throws ExperimentFailure, InterruptedException {
        long deadline = System.nanoTime() + E1CpuAttribution.ATTACH_TIMEOUT.toNanos();
        for (;;) {
            Result<ProcessHandle> p = processes.start(spec);
            if (p.isOk()) {
                started.add(p.value());
                labels.add(label);
                return p.value();
            }
            if (p.error() != Err.NO_SUCH_PROGRAM || System.nanoTime() - deadline > 0) {
                throw new ExperimentFailure("cannot start process " + label + " (" + spec.program() + " " + spec.args()
                        + "): " + p);
            }
            E1CpuAttribution.parkUntil(System.nanoTime() + POLL_NANOS);
        }
    }

    /** @throws ExperimentFailure naming the first process that has ended, and why */
    void checkAlive() throws ExperimentFailure {
        for (int i = 0; i < started.size(); i++) {
            ProcessHandle p = started.get(i);
            if (!p.isAlive()) {
                throw new ExperimentFailure("process " + labels.get(i) + " (" + p.program() + ") ended during the run"
                        + (p.failure().isEmpty() ? "" : ": " + p.failure()));
            }
        }
    }

    /**
     * Waits for a process to end by itself (a set-up program); once it has, it is no longer watched.
     *
     * @param p       the process
     * @param timeout how long it may take
     * @throws ExperimentFailure    when it does not end in time or ends with a failure or a non-zero status
     * @throws InterruptedException when interrupted
     */
    void awaitExit(ProcessHandle p, Duration timeout) throws ExperimentFailure, InterruptedException {
        long status;
        try {
            status = p.exit().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ExperimentFailure(p.program() + " did not finish within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new ExperimentFailure(p.program() + " failed: " + e.getCause());
        }
        if (status != 0 || !p.failure().isEmpty()) {
            throw new ExperimentFailure(p.program() + " ended with status " + status
                    + (p.failure().isEmpty() ? "" : ": " + p.failure()));
        }
        int i = started.indexOf(p);
        if (i >= 0) {
            started.remove(i);
            labels.remove(i);
        }
    }

    /** Kills every process started and waits for each to end. */
    @Override
    public void close() throws InterruptedException {
        for (ProcessHandle p : started) {
            p.kill(0);
        }
        for (ProcessHandle p : started) {
            try {
                p.exit().toCompletableFuture().get(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                progress.println(experiment + ": " + p + " did not end: " + e);
            }
        }
    }
}
