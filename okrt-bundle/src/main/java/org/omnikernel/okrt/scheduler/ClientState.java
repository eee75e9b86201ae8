package org.omnikernel.okrt.scheduler;

/**
 * A scheduler's state for one client. OKRT needs only the way back to the client.
 */
public interface ClientState {

    /** @return the client this state belongs to, as given to {@link CoreScheduler#addClient} */
    Client client();
}
