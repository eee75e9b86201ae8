package org.omnikernel.syscall.spi;

import java.util.List;

/**
 * What to start a process with.
 *
 * @param program    the program's name
 * @param args       its arguments
 * @param cpuaPolicy the scheduler of its default CPU aggregate's TR instance
 * @param cpuaShare  its default CPU aggregate's share at the CPU scheduler
 * @param ioaShare   its default I/O aggregate's share
 * @param memaShare  its default memory aggregate's share
 */
public record ProcessSpec(String program, List<String> args, String cpuaPolicy, long cpuaShare, long ioaShare,
        long memaShare) {

    /** The default aggregates' share. */
    public static final long DEFAULT_SHARE = 1000;
    /** The default CPU aggregate's scheduler. */
    public static final String DEFAULT_POLICY = "roundrobin";

    /**
     * @param program the program's name
     * @param args    its arguments
     * @return a spec with default policy and shares
     */
    public static ProcessSpec of(String program, List<String> args) {
        return new ProcessSpec(program, List.copyOf(args), DEFAULT_POLICY, DEFAULT_SHARE, DEFAULT_SHARE, DEFAULT_SHARE);
    }

    /**
     * @param policy the default CPU aggregate's scheduler
     * @param share  its share
     * @return a copy with that default CPU aggregate
     */
    public ProcessSpec withCpua(String policy, long share) {
        return new ProcessSpec(program, args, policy, share, ioaShare, memaShare);
    }
}
