package org.omnikernel.resource.thread.internal;

/**
 * Unwinds a kernel thread's stack to its root: thrown at a preemption point or system call of a
 * thread that was killed or called exit, caught only by {@link KernelThread}'s root. An
 * {@link Error}, so that a program's {@code catch (Exception e)} does not swallow it.
 */
final class ThreadUnwind extends Error {

    private static final long serialVersionUID = 1L;

    final long status;

    ThreadUnwind(long status) {
        super(null, null, false, false);
        this.status = status;
    }
}
