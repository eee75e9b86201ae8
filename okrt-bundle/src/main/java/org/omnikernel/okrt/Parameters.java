package org.omnikernel.okrt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable key/value dictionary of configuration values (the seed's {@code dict_t} of
 * schedparams and clientparams). Typed getters name the key and the bad value when a value does not
 * parse, so that a misconfiguration is reported where it was made.
 */
public final class Parameters {

    /** The empty dictionary. */
    public static final Parameters EMPTY = new Parameters(Map.of());

    private final Map<String, String> values;

    private Parameters(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param values keys and values; copied
     * @return the dictionary
     */
    public static Parameters of(Map<String, String> values) {
        return values.isEmpty() ? EMPTY : new Parameters(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    /**
     * @param keyValues alternating keys and values
     * @return the dictionary
     * @throws IllegalArgumentException when the count is odd
     */
    public static Parameters of(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("parameters need key/value pairs, got " + keyValues.length + " strings");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(Objects.requireNonNull(keyValues[i]), Objects.requireNonNull(keyValues[i + 1]));
        }
        return of(m);
    }

    /**
     * @param key   the key to set
     * @param value its value
     * @return a copy of this dictionary with the key set
     */
    public Parameters with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put(key, value);
        return of(m);
    }

    /**
     * @param other values that win over this dictionary's
     * @return the union
     */
    public Parameters merge(Parameters other) {
        if (other.values.isEmpty()) {
            return this;
        }
        Map<String, String> m = new LinkedHashMap<>(values);
        m.putAll(other.values);
        return of(m);
    }

    /** @return the values as an unmodifiable map */
    public Map<String, String> asMap() {
        return values;
    }

    /**
     * @param key the key
     * @return the value, or null
     */
    public String get(String key) {
        return values.get(key);
    }

    /**
     * Reads a whole number.
     *
     * @param key      the key
     * @param fallback the value when the key is absent
     * @param min      the smallest value allowed
     * @return the value
     * @throws IllegalArgumentException naming the key, the value and the allowed range
     */
    public long getLong(String key, long fallback, long min) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + key + "=\"" + v + "\" is not a whole number");
        }
        if (parsed < min) {
            throw new IllegalArgumentException("parameter " + key + "=" + parsed + " is below its minimum " + min);
        }
        return parsed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
