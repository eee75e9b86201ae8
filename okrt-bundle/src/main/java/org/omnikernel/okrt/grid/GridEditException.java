package org.omnikernel.okrt.grid;

/**
 * A refused edit. Nothing changed. The message says what was wrong and, where there is a choice,
 * what is valid.
 */
public final class GridEditException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field   the part of the edit at fault: {@code target}, {@code scheduler},
     *                {@code parameters}, {@code cores}, {@code cpushare}, {@code metric},
     *                {@code batch} or {@code xml}
     * @param message what was wrong
     */
    public GridEditException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** @return the part of the edit at fault */
    public String field() {
        return field;
    }
}
