package org.omnikernel.http.internal.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes the Prometheus text exposition format, version 0.0.4: per metric family one
 * {@code # HELP} and one {@code # TYPE} line, then its samples, each {@code name{label="value",…} number}.
 * Label values escape backslash, double quote and line feed ({@code \\}, {@code \"}, {@code \n});
 * HELP text escapes backslash and line feed. Names are checked against the format's grammar, so a
 * bad name fails here, in our tests, rather than in a scraper.
 */
public final class PrometheusText {

    /** The content type of this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** A metric family's type. */
    public enum Type {
        /** only goes up (since boot); its name ends in {@code _total} */
        COUNTER,
        /** goes up and down */
        GAUGE;

        String text() {
            return this == COUNTER ? "counter" : "gauge";
        }
    }

    /**
     * One sample.
     *
     * @param labels its label names and values, in order
     * @param value  its value
     */
    public record Sample(Map<String, String> labels, double value) {
    }

    private final StringBuilder out = new StringBuilder(16 * 1024);

    /**
     * Writes one family. A family without samples writes nothing at all.
     *
     * @param name    the metric name; a counter's ends in {@code _total}
     * @param type    its type
     * @param help    what it measures, with its unit
     * @param samples its samples
     * @return this
     */
    public PrometheusText family(String name, Type type, String help, List<Sample> samples) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        if (type == Type.COUNTER && !name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter's name ends in _total: " + name);
        }
        if (samples.isEmpty()) {
            return this;
        }
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type.text()).append('\n');
        for (Sample s : samples) {
            out.append(name);
            if (!s.labels().isEmpty()) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, String> l : s.labels().entrySet()) {
                    if (!LABEL_NAME.matcher(l.getKey()).matches() || l.getKey().startsWith("__")) {
                        throw new IllegalArgumentException("not a label name: " + l.getKey());
                    }
                    out.append(first ? "" : ",").append(l.getKey()).append("=\"").append(escapeLabelValue(l.getValue()))
                            .append('"');
                    first = false;
                }
                out.append('}');
            }
            out.append(' ').append(number(s.value())).append('\n');
        }
        return this;
    }

    /** @return the exposition so far */
    public String text() {
        return out.toString();
    }

    /**
     * @param labelsAndValues name, value, name, value …
     * @return the labels in order
     */
    public static Map<String, String> labels(String... labelsAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < labelsAndValues.length; i += 2) {
            m.put(labelsAndValues[i], labelsAndValues[i + 1] == null ? "" : labelsAndValues[i + 1]);
        }
        return m;
    }

    static String escapeLabelValue(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
