package org.omnikernel.http.access;

/** A request that may not do what it asks; nothing was changed. */
public final class AccessDeniedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status  the HTTP status to answer: 401 (no or bad credentials), 403 (foreign origin,
     *                missing or wrong CSRF token), 421 (a host name the server does not answer to),
     *                429 (too many failed attempts from this address)
     * @param message why, for the client
     */
    public AccessDeniedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** @return the HTTP status to answer */
    public int status() {
        return status;
    }
}
