package org.omnikernel.resource.ext2.internal;

/**
 * A file-system operation failed with an {@link Ext2Error} and a message that names what was wrong.
 * The operation's transaction was abandoned: nothing on the volume changed.
 */
public final class Ext2Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Ext2Error error;

    /**
     * @param error the error code
     * @param message what was wrong, naming the path, inode or block involved
     */
    public Ext2Exception(Ext2Error error, String message) {
        super(error + ": " + message);
        this.error = error;
    }

    /** @return the error code */
    public Ext2Error error() {
        return error;
    }
}
