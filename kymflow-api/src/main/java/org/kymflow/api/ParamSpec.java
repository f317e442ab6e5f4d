package org.kymflow.api;

import java.util.List;
import java.util.Objects;

/**
 * What one of an indexer's params is, for an editor (a parameters panel, a dialog) and for help: its name,
 * type, default, range or choices, and one line saying what it does. See {@link BaseIndexer#describeParams()}.
 *
 * @param name the param's key, as in {@link IndexerProvider#defaultParams()}
 * @param type {@code integer}, {@code number}, {@code boolean} or {@code text}
 * @param defaultValue the default
 * @param min the least value allowed, or null
 * @param max the largest value allowed, or null
 * @param choices the only values allowed (texts), or empty
 * @param help one line: what it does, and its unit
 */
public record ParamSpec(String name, String type, Object defaultValue, Double min, Double max, List<String> choices, String help) {
    /**
     * Checks the fields and copies the choices.
     *
     * @param name see the record
     * @param type see the record
     * @param defaultValue see the record
     * @param min see the record
     * @param max see the record
     * @param choices see the record
     * @param help see the record
     */
    public ParamSpec {
        Objects.requireNonNull(name, "name");
        if (!List.of("integer", "number", "boolean", "text").contains(type)) {
            throw new IllegalArgumentException("param " + name + ": type must be integer, number, boolean or text, was " + type);
        }
        choices = List.copyOf(choices);
        help = help == null ? "" : help;
    }

    /**
     * @param name the key
     * @param defaultValue the default
     * @param min the least value, or null
     * @param max the largest value, or null
     * @param help one line
     * @return a whole-number param
     */
    public static ParamSpec integer(String name, int defaultValue, Integer min, Integer max, String help) {
        return new ParamSpec(name, "integer", defaultValue, min == null ? null : min.doubleValue(), max == null ? null : max.doubleValue(),
                List.of(), help);
    }

    /**
     * @param name the key
     * @param defaultValue the default
     * @param min the least value, or null
     * @param max the largest value, or null
     * @param help one line
     * @return a real-number param
     */
    public static ParamSpec number(String name, double defaultValue, Double min, Double max, String help) {
        return new ParamSpec(name, "number", defaultValue, min, max, List.of(), help);
    }

    /**
     * @param name the key
     * @param defaultValue the default
     * @param help one line
     * @return a true/false param
     */
    public static ParamSpec bool(String name, boolean defaultValue, String help) {
        return new ParamSpec(name, "boolean", defaultValue, null, null, List.of(), help);
    }

    /**
     * @param name the key
     * @param defaultValue the default, one of the choices
     * @param choices the values allowed
     * @param help one line
     * @return a param that takes one of some texts
     */
    public static ParamSpec choice(String name, String defaultValue, List<String> choices, String help) {
        return new ParamSpec(name, "text", defaultValue, null, null, choices, help);
    }

    /**
     * The plain description of a param nobody described: its type from its default value, no range, no help.
     *
     * @param name the key
     * @param defaultValue its default
     * @return the description
     */
    public static ParamSpec of(String name, Object defaultValue) {
        String type = defaultValue instanceof Boolean ? "boolean"
                : defaultValue instanceof Integer || defaultValue instanceof Long ? "integer"
                : defaultValue instanceof Number ? "number" : "text";
        return new ParamSpec(name, type, defaultValue, null, null, List.of(), "");
    }
}
