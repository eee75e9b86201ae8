package org.omnikernel.http.internal.experiment;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sample as a share experiment prints it while it runs (the experiments bundle's ShareSampler):
 * <pre>
 * e1:    3 s   a  50.01 % (50.00)  b  33.29 % (33.33)  c  16.70 % (16.67)
 * </pre>
 * Each activity: its share of the CPU time in that second, in percent ({@code NaN} when none was
 * attributed), and its entitlement.
 *
 * @param seconds  the sample's time, in seconds since sampling began
 * @param shares   achieved share per activity, percent (NaN: nothing attributed that second)
 * @param entitled entitled share per activity, percent
 */
record ProgressLine(int seconds, Map<String, Double> shares, Map<String, Double> entitled) {

    private static final Pattern HEAD = Pattern.compile("^[a-z0-9]+:\\s+(\\d+) s(.*)$");
    private static final Pattern ACTIVITY = Pattern.compile("\\s+(\\S+)\\s+(NaN|-?[0-9.]+) % \\(\\s*(-?[0-9.]+)\\)");

    /**
     * @param line a line of the experiment's output
     * @return the sample, when the line is one
     */
    static Optional<ProgressLine> parse(String line) {
        Matcher head = HEAD.matcher(line);
        if (!head.matches()) {
            return Optional.empty();
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        Map<String, Double> entitled = new LinkedHashMap<>();
        Matcher a = ACTIVITY.matcher(head.group(2));
        int end = 0;
        while (a.find() && a.start() == end) {
            shares.put(a.group(1), a.group(2).equals("NaN") ? Double.NaN : Double.parseDouble(a.group(2)));
            entitled.put(a.group(1), Double.parseDouble(a.group(3)));
            end = a.end();
        }
        if (shares.isEmpty() || end != head.group(2).length()) {
            return Optional.empty();
        }
        return Optional.of(new ProgressLine(Integer.parseInt(head.group(1)), shares, entitled));
    }

    /** @return the sample for JSON: NaN (not JSON) as null */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", seconds);
        Map<String, Object> s = new LinkedHashMap<>();
        shares.forEach((k, v) -> s.put(k, v.isNaN() ? null : v));
        m.put("shares", s);
        m.put("entitled", entitled);
        return m;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d s %s", seconds, shares);
    }
}
