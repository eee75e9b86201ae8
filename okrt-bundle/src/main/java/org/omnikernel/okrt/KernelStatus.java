package org.omnikernel.okrt;

/**
 * How boot went, registered as a service by the OKRT bundle whether boot succeeded or not, so that a
 * launcher outside the framework can read it from service properties without sharing classes.
 *
 * <p>Service properties: {@value #STATE} ({@code running} or {@code failed}), {@value #ERROR} (the
 * configuration error naming file, line, field and valid choices), {@value #SUMMARY} (what runs).
 */
public interface KernelStatus {

    /** Service property: {@code running} or {@code failed}. */
    String STATE = "okrt.state";
    /** Service property: why boot failed. */
    String ERROR = "okrt.error";
    /** Service property: a multi-line description of the running grid. */
    String SUMMARY = "okrt.summary";

    /** @return {@code running} or {@code failed} */
    String state();

    /** @return why boot failed, or empty */
    String error();

    /** @return the running grid, described in lines */
    String summary();
}
