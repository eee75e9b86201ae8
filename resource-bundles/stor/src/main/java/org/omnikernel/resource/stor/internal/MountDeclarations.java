package org.omnikernel.resource.stor.internal;

/** Where mount configurations go: STOR, inside this bundle. */
public interface MountDeclarations {

    /** @param d a mount to make once its volume and type exist */
    void declare(MountDeclaration d);

    /** @param id a declaration's id; its mount, if made, is unmounted */
    void withdraw(String id);
}
