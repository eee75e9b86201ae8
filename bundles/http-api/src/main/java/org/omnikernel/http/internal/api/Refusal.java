package org.omnikernel.http.internal.api;

/**
 * An action the kernel or framework would not do, for a reason the client can act on; nothing was
 * changed. Answered with its status and {@code {"error", "field"}}, and audited as its outcome.
 */
public final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    /**
     * @param status  the HTTP status: 400 (bad input), 404 (no such thing), 409 (not now), 503 (a
     *                service is missing)
     * @param field   the request field at fault, or null
     * @param message why, naming what was wrong
     */
    public Refusal(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the field at fault, or null */
    public String field() {
        return field;
    }
}
