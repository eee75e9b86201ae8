package org.omnikernel.okrt;

import java.util.List;

/**
 * A resource request message as a handler sees it (seed §3.1, Fig 3.7): who sent it, to whom, for
 * which activity, with which labels, which function of the destination's interface to invoke and
 * with which arguments. Immutable.
 */
public interface Message {

    /** @return id of the sending resource, or {@link ResourceContext#EXTERNAL} for a send from outside the grid */
    int source();

    /** @return id of the destination resource */
    int destination();

    /** @return the activity that pays for this message */
    Activity activity();

    /** @return the affinity label: messages with the same label should preferably run on the same core */
    long affinity();

    /** @return the dependency label, or null when the message is independent of all others */
    DependencyLabel dependency();

    /** @return the request type, one of the destination interface's declared types */
    String requestType();

    /** @return the arguments, checked against the request type's declaration when sent */
    List<Object> arguments();

    /**
     * @param index position of the argument
     * @param type  its declared type
     * @param <T>   the type
     * @return the argument
     */
    <T> T argument(int index, Class<T> type);
}
