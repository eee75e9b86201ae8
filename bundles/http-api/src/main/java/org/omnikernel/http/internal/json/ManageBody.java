package org.omnikernel.http.internal.json;

import java.util.List;

/**
 * JSON bodies of the routes that manage the kernel beside its grid: bundles, processes and
 * experiments. Jackson reads them strictly through their canonical constructors; the checks Jackson
 * cannot make (required fields, ranges) name the field.
 */
public final class ManageBody {

    private ManageBody() {
    }

    /** {@code POST /api/bundles/start|stop|uninstall}. */
    public record BundleId(Long id) {
    }

    /** {@code POST /api/processes/kill|suspend|resume}: a process by id; {@code status} only for kill. */
    public record ProcessTarget(Long id, Long status) {
    }

    /**
     * {@code POST /api/processes}.
     *
     * @param program the program's name, such as {@code burn}
     * @param args    its arguments, or null for none
     * @param policy  its default CPU aggregate's scheduler, or null for roundrobin
     * @param share   that aggregate's share at the CPU scheduler, or null for 1000
     */
    public record ProcessStart(String program, List<String> args, String policy, Long share) {
    }

    /**
     * {@code POST /api/experiments}.
     *
     * @param name    the experiment, {@code e1}
     * @param seconds one-second samples to take
     * @param mode    the experiment's mode, or null for its default
     * @param cores   cores of the experiment's kernel, or null for every processor
     */
    public record ExperimentStart(String name, Integer seconds, String mode, Integer cores) {
    }

    /** {@code POST /api/experiments/stop}. */
    public record ExperimentStop(Long run) {
    }

    /**
     * @return the value
     * @throws BadRequest naming the field when it is missing
     */
    public static <T> T required(String field, T value) throws BadRequest {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw new BadRequest(field, field + " is missing");
        }
        return value;
    }

    /**
     * @return the value when within bounds
     * @throws BadRequest naming the field and the range
     */
    public static long within(String field, long value, long min, long max) throws BadRequest {
        if (value < min || value > max) {
            throw new BadRequest(field, field + " must be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }
}
