package org.omnikernel.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The baseline side of the message-path benchmark: a {@link ThreadPoolExecutor} with as many threads
 * as the case has cores, running the same {@link Work}; each task, when run, submits itself again.
 * A fixed number of tasks circulate; nothing produces from outside.
 */
final class ExecutorLoad {

    private ExecutorLoad() {
    }

    /**
     * @param c           the case
     * @param inFlight    tasks circulating
     * @param settleNanos run time before the window opens
     * @param windowNanos the window
     * @return the window's figures
     * @throws InterruptedException when interrupted
     */
    static Trial run(MessagePathBenchmark.Case c, int inFlight, long settleNanos, long windowNanos) throws InterruptedException {
        Work work = new Work(c.handlerNs());
        List<Thread> threads = new CopyOnWriteArrayList<>();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "bench-executor-" + threads.size());
            t.setDaemon(true);
            threads.add(t);
            return t;
        };
        // DiscardPolicy: a task that saw running=true just before shutdown is dropped, not an error.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(c.cores(), c.cores(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), factory, new ThreadPoolExecutor.DiscardPolicy());
        executor.prestartAllCoreThreads();
        Loop loop = new Loop();
        try {
            for (int i = 0; i < inFlight; i++) {
                executor.execute(new Task(work, executor, loop));
            }
            MessagePathBenchmark.sleepNanos(settleNanos);
            long cpu0 = cpuNanos(threads);
            long c0 = work.completions();
            long t0 = System.nanoTime();
            MessagePathBenchmark.sleepNanos(windowNanos);
            long c1 = work.completions();
            long t1 = System.nanoTime();
            long cpu1 = cpuNanos(threads);
            boolean known = cpu0 >= 0 && cpu1 > cpu0;
            double cpuShare = known ? (double) (cpu1 - cpu0) / ((t1 - t0) * (double) threads.size()) : Double.NaN;
            double perCpuSecond = known ? (c1 - c0) * 1e9 / (cpu1 - cpu0) : Double.NaN;
            return Trial.executor(c1 - c0, t1 - t0, cpuShare, perCpuSecond);
        } finally {
            loop.running = false;
            executor.shutdown();
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
    }

    /** @return the CPU time of the threads, or -1 when the JVM cannot tell */
    private static long cpuNanos(List<Thread> threads) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!bean.isThreadCpuTimeSupported()) {
            return -1;
        }
        long sum = 0;
        for (Thread t : threads) {
            long n = bean.getThreadCpuTime(t.getId());
            if (n < 0) {
                return -1;
            }
            sum += n;
        }
        return sum;
    }

    private static final class Loop {
        volatile boolean running = true;
    }

    /** One circulating task. */
    private static final class Task implements Runnable {
        private final Work work;
        private final ThreadPoolExecutor executor;
        private final Loop loop;

        Task(Work work, ThreadPoolExecutor executor, Loop loop) {
            this.work = work;
            this.executor = executor;
            this.loop = loop;
        }

        @Override
        public void run() {
            work.perform();
            if (loop.running) {
                executor.execute(this);
            }
        }
    }
}
