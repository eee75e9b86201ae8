package org.omnikernel.okrt;

/**
 * Names a chain of messages that must run in the order they were sent (seed §2.4, §3.1). Built, as
 * the seed says, from the sending resource, the activity and a counter. It also carries the affinity
 * label its messages are routed by: dependent messages share a request queue by construction, so
 * their order survives load sharing and remapping.
 *
 * <p>Obtain one with {@link ExecutionContext#newDependencyLabel(long)} or
 * {@link ResourceContext#newDependencyLabel(Activity, long)}; messages of different labels, activities
 * or senders are independent.
 *
 * @param source   id of the resource that made the label
 * @param activity id of the activity the label belongs to
 * @param counter  the sender's counter value
 * @param affinity the affinity label all messages of this label are routed by
 */
public record DependencyLabel(int source, long activity, long counter, long affinity) {
}
