package org.omnikernel.okrt.internal;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.ClientState;
import org.omnikernel.okrt.scheduler.ClientStatistics;
import org.omnikernel.okrt.scheduler.CoreScheduler;

/**
 * A per-core scheduler that passes every hook to another; test schedulers override the hooks whose
 * behaviour they change (pacing, recording, failing).
 */
class DelegatingCoreScheduler implements CoreScheduler<ClientState> {

    private final CoreHooks inner;

    DelegatingCoreScheduler(CoreHooks inner) {
        this.inner = inner;
    }

    @Override
    public ClientState addClient(Client client, Parameters parameters) {
        return inner.addClient(client, parameters);
    }

    @Override
    public void updateClient(ClientState state, Parameters parameters) {
        inner.updateClient(state, parameters);
    }

    @Override
    public void removeClient(ClientState state) {
        inner.removeClient(state);
    }

    @Override
    public ClientState schedule() {
        return inner.schedule();
    }

    @Override
    public void clientReady(ClientState state) {
        inner.clientReady(state);
    }

    @Override
    public void clientSuspended(ClientState state) {
        inner.clientSuspended(state);
    }

    @Override
    public long pollReady() {
        return inner.pollReady();
    }

    @Override
    public void resourceRecord(ClientState state, ResourceRecord record) {
        inner.resourceRecord(state, record);
    }

    @Override
    public ClientStatistics clientStatistics(ClientState state) {
        return inner.clientStatistics(state);
    }
}
