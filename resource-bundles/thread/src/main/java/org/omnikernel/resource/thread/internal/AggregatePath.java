package org.omnikernel.resource.thread.internal;

import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.OpenRequest;
import org.omnikernel.syscall.spi.ProcessSpec;

/**
 * The parameters of {@code /cpuaggregate?policy=…?share=…} (seed Fig 4.1).
 *
 * @param policy the TR instance's scheduler
 * @param share  its share at the CPU scheduler
 */
record AggregatePath(String policy, long share) {

    static final String POLICY = "policy";
    static final String SHARE = "share";

    static Result<AggregatePath> parse(OpenRequest r) {
        String unknown = r.unknownParameter(POLICY, SHARE);
        if (unknown != null) {
            return Result.error(Err.BAD_PARAMETER, r.prefix() + " has no parameter \"" + unknown + "\"; valid: policy, share");
        }
        if (!r.path().equals(r.prefix())) {
            return Result.error(Err.NO_SUCH_PATH, "no path " + r.path() + " under " + r.prefix());
        }
        String policy = r.parameters().getOrDefault(POLICY, ProcessSpec.DEFAULT_POLICY);
        String s = r.parameters().get(SHARE);
        long share = ProcessSpec.DEFAULT_SHARE;
        if (s != null) {
            try {
                share = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return Result.error(Err.BAD_PARAMETER, "share=\"" + s + "\" is not a whole number");
            }
            if (share < 1) {
                return Result.error(Err.BAD_PARAMETER, "share=" + share + " is below 1");
            }
        }
        return Result.ok(new AggregatePath(policy, share));
    }
}
