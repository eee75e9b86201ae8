package org.omnikernel.storage;

import org.omnikernel.syscall.spi.KernelObject;

/**
 * A kernel object that can be a flow's source or sink (an open file, an I/O stream): the resource that
 * answers {@link FlowProtocol} for it and the handle it knows it by.
 */
public interface FlowEndpoint extends KernelObject {

    /** @return the resource answering READ and WRITE for it, such as {@code resource.fcr} or {@code resource.ior} */
    String resource();

    /** @return the handle to put in READ and WRITE messages */
    long handle();

    /** @return whether offsets mean something (a file) or are ignored (a stream) */
    boolean seekable();
}
