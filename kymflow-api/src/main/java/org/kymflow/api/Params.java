package org.kymflow.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Resolved indexer parameters: the defaults overlaid with the given values, each checked against the
 * type of its default. Immutable.
 *
 * <p>Accepted forms: a value of the default's type; for numeric defaults any number that fits, or a
 * string that parses (as the command line passes them); for booleans {@code "true"}/{@code "false"}.
 */
public final class Params {
    private final String owner;
    private final Map<String, Object> values;

    private Params(String owner, Map<String, Object> values) {
        this.owner = owner;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * @param owner the indexer name, for messages
     * @param defaults every accepted key with its default value (not null)
     * @param given the values to use; may be empty
     * @return the resolved params
     * @throws IllegalArgumentException naming the key and the accepted keys for an unknown key, or the key
     *     and expected type for an ill-typed value
     */
    public static Params resolve(String owner, Map<String, Object> defaults, Map<String, ?> given) {
        Map<String, Object> out = new LinkedHashMap<>(defaults);
        for (Map.Entry<String, ?> e : given.entrySet()) {
            String key = e.getKey();
            if (!defaults.containsKey(key)) {
                throw new IllegalArgumentException(owner + ": unknown param '" + key + "'; accepted params are "
                        + new TreeSet<>(defaults.keySet()));
            }
            out.put(key, coerce(owner, key, defaults.get(key), e.getValue()));
        }
        return new Params(owner, out);
    }

    private static Object coerce(String owner, String key, Object def, Object value) {
        String expected = def.getClass().getSimpleName();
        try {
            if (def instanceof Integer) {
                if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    return ((Number) value).intValue();
                }
                if (value instanceof Long l) {
                    return Math.toIntExact(l);
                }
                if (value instanceof String s) {
                    return Integer.parseInt(s.strip());
                }
            } else if (def instanceof Long) {
                if (value instanceof Long || value instanceof Integer) {
                    return ((Number) value).longValue();
                }
                if (value instanceof String s) {
                    return Long.parseLong(s.strip());
                }
            } else if (def instanceof Double || def instanceof Float) {
                if (value instanceof Number n) {
                    return n.doubleValue();
                }
                if (value instanceof String s) {
                    return Double.parseDouble(s.strip());
                }
            } else if (def instanceof Boolean) {
                if (value instanceof Boolean b) {
                    return b;
                }
                if ("true".equalsIgnoreCase(String.valueOf(value)) || "false".equalsIgnoreCase(String.valueOf(value))) {
                    return Boolean.parseBoolean(String.valueOf(value));
                }
            } else if (def instanceof String) {
                if (value instanceof String s) {
                    return s;
                }
            } else if (def.getClass().isInstance(value)) {
                return value;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(owner + ": param '" + key + "' must be " + expected + ", was '" + value + "'", e);
        }
        throw new IllegalArgumentException(owner + ": param '" + key + "' must be " + expected + ", was "
                + (value == null ? "null" : value.getClass().getSimpleName() + " '" + value + "'"));
    }

    /** @return every param by name, unmodifiable */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object get(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException(owner + ": no param '" + key + "'");
        }
        return values.get(key);
    }

    /**
     * @param key a param with an Integer default
     * @return its value
     */
    public int getInt(String key) {
        return ((Number) get(key)).intValue();
    }

    /**
     * @param key a param with a Long default
     * @return its value
     */
    public long getLong(String key) {
        return ((Number) get(key)).longValue();
    }

    /**
     * @param key a param with a Double default
     * @return its value
     */
    public double getDouble(String key) {
        return ((Number) get(key)).doubleValue();
    }

    /**
     * @param key a param with a Boolean default
     * @return its value
     */
    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    /**
     * @param key a param with a String default
     * @return its value
     */
    public String getString(String key) {
        return (String) get(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return owner + values;
    }
}
