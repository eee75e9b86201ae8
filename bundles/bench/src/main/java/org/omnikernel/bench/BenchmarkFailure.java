package org.omnikernel.bench;

/**
 * A benchmark ran to the end, wrote its summary, and its verdict is a failure (a correctness check
 * it makes did not hold). The tool prints the message, without a stack trace, and exits 1.
 */
final class BenchmarkFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what did not hold, one line */
    BenchmarkFailure(String message) {
        super(message);
    }
}
