package org.omnikernel.syscall.spi;

import java.util.concurrent.CompletionStage;

import org.omnikernel.okrt.Activity;

/** A kernel object that is an activity (an aggregate, seed §4.1): what its use of resources is attributed to. */
public interface ActivityObject extends KernelObject {

    /** @return the activity; terminated when the object is closed */
    Activity activity();

    /**
     * @return completes once {@link #close()} has terminated the activity everywhere (its request
     *         queues destroyed, seed §3.1.4.1); never before close
     */
    CompletionStage<Void> released();
}
