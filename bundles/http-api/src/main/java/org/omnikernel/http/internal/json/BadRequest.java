package org.omnikernel.http.internal.json;

/** Input the API cannot use: answered with 400 {@code {"error": message, "field": field}}. */
public final class BadRequest extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field   the field at fault, or null when the body as a whole is
     * @param message what was wrong
     */
    public BadRequest(String field, String message) {
        super(message);
        this.field = field;
    }

    /** @return the field at fault, or null */
    public String field() {
        return field;
    }
}
