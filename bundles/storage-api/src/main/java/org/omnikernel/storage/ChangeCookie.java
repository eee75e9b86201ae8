package org.omnikernel.storage;

/**
 * A file's change cookie, read without a message: the file cache moves it on whenever the file's data
 * or size changes, before it answers the change, so a reader that has seen a change answered also sees
 * the cookie moved. What {@code Sys.changeCookie} returns.
 *
 * @since 0.4.0
 */
@FunctionalInterface
public interface ChangeCookie {

    /** @return the cookie now; equal values mean no change in between */
    long value();
}
