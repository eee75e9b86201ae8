package org.omnikernel.okrt.internal;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.ClientState;
import org.omnikernel.okrt.scheduler.ClientStatistics;
import org.omnikernel.okrt.scheduler.CoreScheduler;

/**
 * Calls the hooks of one {@link CoreScheduler} with the client states it created. The scheduler's
 * state type is private to it; OKRT only ever hands back what the scheduler returned, which is what
 * makes the unchecked calls safe.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
final class CoreHooks {

    private final CoreScheduler scheduler;

    CoreHooks(CoreScheduler<?> scheduler) {
        this.scheduler = scheduler;
    }

    ClientState addClient(Client client, Parameters parameters) {
        ClientState s = scheduler.addClient(client, parameters);
        if (s == null || s.client() != client) {
            throw new IllegalStateException(scheduler.getClass().getName()
                    + ".addClient must return a state whose client() is the client it was given");
        }
        return s;
    }

    void updateClient(ClientState s, Parameters parameters) {
        scheduler.updateClient(s, parameters);
    }

    void removeClient(ClientState s) {
        scheduler.removeClient(s);
    }

    ClientState schedule() {
        return scheduler.schedule();
    }

    void clientReady(ClientState s) {
        scheduler.clientReady(s);
    }

    void clientSuspended(ClientState s) {
        scheduler.clientSuspended(s);
    }

    long pollReady() {
        return scheduler.pollReady();
    }

    void resourceRecord(ClientState s, ResourceRecord r) {
        scheduler.resourceRecord(s, r);
    }

    ClientStatistics clientStatistics(ClientState s) {
        return scheduler.clientStatistics(s);
    }
}
