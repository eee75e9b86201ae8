package org.omnikernel.okrt.config;

/**
 * A configuration that cannot be used, with where and why: the file, the line, the field and the
 * valid choices. The kernel does not start on one.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String field;

    /**
     * @param source the file
     * @param line   the line, or 0 when unknown
     * @param field  the element and attribute, such as {@code resourcescheduler/@core}
     * @param reason what is wrong and what would be valid
     */
    public ConfigException(String source, int line, String field, String reason) {
        super(source + (line > 0 ? ":" + line : "") + ": " + field + ": " + reason);
        this.source = source;
        this.line = line;
        this.field = field;
    }

    /** @return the file */
    public String source() {
        return source;
    }

    /** @return the line, or 0 */
    public int line() {
        return line;
    }

    /** @return the element and attribute */
    public String field() {
        return field;
    }
}
