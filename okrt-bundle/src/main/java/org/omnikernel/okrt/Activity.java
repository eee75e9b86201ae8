package org.omnikernel.okrt;

/**
 * The unit of attribution and of scheduling (seed §2.2, §4.1): a process, a group of processes, or
 * some processing inside one. Every message names exactly one activity, which pays for it. Created by
 * {@link Okrt#createActivity}, ended by {@link Okrt#terminate}; termination destroys the activity's
 * request queues everywhere and runs the destroy callbacks of their closures.
 */
public interface Activity {

    /** @return the identifier OKRT gave the activity at creation, unique for the kernel's lifetime */
    long id();

    /** @return the human-readable name given at creation */
    String name();

    /** @return the client parameters schedulers see for this activity (e.g. {@code share}) */
    Parameters parameters();

    /** @return false once termination has begun */
    boolean isAlive();
}
