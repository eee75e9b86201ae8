package org.omnikernel.syscall;

import java.util.List;

/**
 * A program: what a process runs (seed §3.4). A bundle offers it as an OSGi service with the
 * property {@value #NAME}; the process resource runs {@link #main} on the process's main thread,
 * in the process's default CPU aggregate.
 *
 * <pre>{@code
 * @Component(property = Program.NAME + "=hello")
 * public final class Hello implements Program {
 *     public long main(Sys sys, List<String> args) {
 *         for (int i = 0; i < 1_000_000; i++) {
 *             work();
 *             sys.preempt();           // a preemption point: the thread gives up the core when its slice ends
 *         }
 *         return 0;                    // the exit status
 *     }
 * }
 * }</pre>
 *
 * <p>Threads are preempted only at system calls and {@link Sys#preempt()}: a loop that makes neither
 * keeps its core until it ends, and cannot be killed while it runs.
 */
@FunctionalInterface
public interface Program {

    /** Service property: the program's name, as {@link Sys#processStart} names it. */
    String NAME = "program.name";

    /**
     * @param sys  the system calls, for this process
     * @param args the arguments given at start
     * @return the exit status; returning ends the process, killing its other threads
     * @throws Exception any failure, which ends the process with status {@link Sys#EXIT_FAILED} and
     *                   releases everything it held
     */
    long main(Sys sys, List<String> args) throws Exception;
}
