package org.omnikernel.resource.process.internal;

import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.ProcessSpec;

/** Reads an aggregate's {@code share} parameter. */
final class Shares {

    private Shares() {
    }

    /**
     * @param value the parameter's value, or null for the default
     * @return the share, at least 1; {@link Err#BAD_PARAMETER} naming the bad value
     */
    static Result<Long> parse(String value) {
        if (value == null) {
            return Result.ok(ProcessSpec.DEFAULT_SHARE);
        }
        long share;
        try {
            share = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Result.error(Err.BAD_PARAMETER, "share=\"" + value + "\" is not a whole number");
        }
        return share < 1 ? Result.error(Err.BAD_PARAMETER, "share=" + share + " is below 1") : Result.ok(share);
    }
}
