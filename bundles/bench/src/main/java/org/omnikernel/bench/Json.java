package org.omnikernel.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * A small JSON writer for the summaries: maps (in their iteration order), lists, strings, booleans,
 * whole numbers and decimals. Numbers are written as plain decimals, never in exponent form;
 * a non-finite double is written as null.
 */
final class Json {

    private Json() {
    }

    /**
     * @param value  a double
     * @param places decimal places to keep
     * @return the rounded value for {@link #write}, or null when not finite
     */
    static BigDecimal decimal(double value, int places) {
        if (!Double.isFinite(value)) {
            return null;
        }
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_EVEN);
    }

    /** @return the value as JSON text */
    static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, 0);
        return b.toString();
    }

    private static void write(StringBuilder b, Object value, int indent) {
        if (value == null) {
            b.append("null");
        } else if (value instanceof String s) {
            string(b, s);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            b.append(value);
        } else if (value instanceof BigDecimal d) {
            b.append(d.toPlainString());
        } else if (value instanceof Double d) {
            BigDecimal x = Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
            b.append(x == null ? "null" : x.toPlainString());
        } else if (value instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(first ? "" : ",");
                first = false;
                newline(b, indent + 1);
                string(b, String.valueOf(e.getKey()));
                b.append(": ");
                write(b, e.getValue(), indent + 1);
            }
            if (!m.isEmpty()) {
                newline(b, indent);
            }
            b.append('}');
        } else if (value instanceof List<?> l) {
            boolean scalars = l.stream().noneMatch(x -> x instanceof Map || x instanceof List);
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : scalars ? ", " : ",");
                if (!scalars) {
                    newline(b, indent + 1);
                }
                write(b, l.get(i), indent + 1);
            }
            if (!scalars && !l.isEmpty()) {
                newline(b, indent);
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private static void newline(StringBuilder b, int indent) {
        b.append('\n');
        b.append("  ".repeat(indent));
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
