package org.omnikernel.okrt;

/**
 * A resource of the grid, registered as an OSGi service (whiteboard). OKRT tracks the service, gives
 * the resource an id, binds the scheduler the configuration names for it, and delivers its messages.
 *
 * <p>The resource's bundle declares the resource in its manifest so that configurations can be
 * checked before it starts: {@code Provide-Capability: omnikernel.resource;name=resource.tcp}.
 */
public interface Resource {

    /** @return the name and request types; read once, when OKRT attaches the resource */
    ResourceInterface resourceInterface();

    /**
     * Called once OKRT has attached the resource, before any message is delivered to it.
     *
     * @param context the resource's identity for sending from outside handlers
     */
    default void attached(ResourceContext context) {
    }

    /** Called after OKRT has detached the resource; no handler runs after this. */
    default void detached() {
    }
}
