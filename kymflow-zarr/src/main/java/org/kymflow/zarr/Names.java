package org.kymflow.zarr;

import java.util.regex.Pattern;

/**
 * Artifact and table names as Python's {@code kymflow_zarr.normalize_id} makes them: trimmed,
 * {@code \} to {@code /}, {@code ..} to {@code _}, anything outside {@code [A-Za-z0-9_.-/]} to {@code _},
 * leading and trailing {@code /} stripped.
 *
 * <p>Unlike Python, a name that is an absolute path or holds a {@code ..} segment is refused rather than
 * silently rewritten: an artifact saved under a name other than the one asked for is an artifact lost.
 */
final class Names {
    private static final Pattern OUTSIDE = Pattern.compile("[^A-Za-z0-9_.\\-/]");

    private Names() {
    }

    /**
     * The normalisation alone, byte for byte as Python's {@code normalize_id}.
     *
     * @param raw a name
     * @return the normalised name (possibly empty)
     */
    static String normalizeId(String raw) {
        String s = raw.strip().replace('\\', '/').replace("..", "_");
        s = OUTSIDE.matcher(s).replaceAll("_");
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * Checks and normalises an artifact name (sub-folders allowed).
     *
     * @param raw the name given
     * @param kind what is named, for the message ("artifact", "table")
     * @return the normalised name
     * @throws IllegalArgumentException naming the input when it is absolute, climbs with {@code ..}, or
     *     normalises to nothing or to an empty or {@code .} segment
     */
    static String checkedName(String raw, String kind) {
        if (raw == null) {
            throw new IllegalArgumentException(kind + " name must not be null");
        }
        String slashed = raw.strip().replace('\\', '/');
        if (slashed.startsWith("/") || slashed.matches("^[A-Za-z]:.*")) {
            throw new IllegalArgumentException(kind + " name '" + raw + "' is an absolute path; names are relative to their folder");
        }
        for (String segment : slashed.split("/")) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException(kind + " name '" + raw + "' climbs out of its folder with '..'");
            }
        }
        String normalized = normalizeId(raw);
        if (normalized.isEmpty()) {
            throw new IllegalArgumentException(kind + " name '" + raw + "' normalises to nothing");
        }
        for (String segment : normalized.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                throw new IllegalArgumentException(kind + " name '" + raw + "' has an empty or '.' path segment");
            }
        }
        return normalized;
    }

    /**
     * Checks and normalises a dataset table name; tables are flat files, so {@code /} is refused.
     *
     * @param raw the name given
     * @return the normalised name
     * @throws IllegalArgumentException as {@link #checkedName}, or when the name has a {@code /}
     */
    static String checkedTableName(String raw) {
        String name = checkedName(raw, "table");
        if (name.contains("/")) {
            throw new IllegalArgumentException("table name '" + raw + "' has a '/'; dataset tables are flat files under tables/");
        }
        return name;
    }
}
