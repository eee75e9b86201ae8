package org.omnikernel.programs.internal;

import java.util.List;

import org.omnikernel.syscall.Result;

/**
 * A program's positional arguments, each checked with its name, so that a bad one ends the program
 * with a message naming it rather than a stack trace.
 */
final class ProgramArgs {

    private final String program;
    private final String usage;
    private final List<String> args;

    /**
     * @param program the program's name
     * @param usage   its arguments, as a usage line
     * @param args    what it was given
     * @throws IllegalArgumentException when the count differs from the usage's
     */
    ProgramArgs(String program, String usage, List<String> args) {
        this.program = program;
        this.usage = usage;
        this.args = List.copyOf(args);
        int wanted = usage.isBlank() ? 0 : usage.trim().split("\\s+").length;
        if (args.size() != wanted) {
            throw new IllegalArgumentException(program + ": " + wanted + " arguments (" + usage + "), got " + args);
        }
    }

    /** @return argument {@code i} as text */
    String text(int i) {
        return args.get(i);
    }

    /**
     * @return argument {@code i} as a whole number from {@code min} to {@code max}
     * @throws IllegalArgumentException naming the argument when it is not one
     */
    long number(int i, long min, long max) {
        String name = usage.trim().split("\\s+")[i];
        try {
            long v = Long.parseLong(args.get(i).trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(program + ": " + name + "=\"" + args.get(i) + "\" is not a whole number from "
                + min + " to " + max + " (usage: " + program + " " + usage + ")");
    }

    /**
     * @param result a system call's result
     * @param what   what the call was for, for the message
     * @return its value
     * @throws IllegalStateException naming {@code what} and the error, which ends the program
     */
    static <T> T must(Result<T> result, String what) {
        if (!result.isOk()) {
            throw new IllegalStateException(what + ": " + result);
        }
        return result.value();
    }
}
