package org.kymflow.runtime;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which indexer names are allowed: {@code [a-z][a-z0-9_]*}, and none starting with a reserved prefix.
 * The table of indexer {@code n} is always {@code kym_n}, so an indexer can never write a table outside
 * the {@code kym_} namespace.
 */
public final class NamePolicy {
    /** Prefixes no indexer name may start with. */
    public static final List<String> RESERVED_PREFIXES = List.of("kym_", "tables", "index", "images", "sys_");
    /** The prefix of every indexer table. */
    public static final String TABLE_PREFIX = "kym_";
    private static final Pattern SYNTAX = Pattern.compile("[a-z][a-z0-9_]*");

    private NamePolicy() {
    }

    /**
     * @param name a proposed indexer name
     * @return why it is refused, or empty when it is fine
     */
    public static Optional<String> problem(String name) {
        if (name == null || !SYNTAX.matcher(name).matches()) {
            return Optional.of("indexer name '" + name + "' must match [a-z][a-z0-9_]*");
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return Optional.of("indexer name '" + name + "' starts with the reserved prefix '" + prefix + "'");
            }
        }
        return Optional.empty();
    }

    /**
     * @param name an indexer name
     * @return the name of its table, {@code kym_<name>}
     * @throws IllegalArgumentException with the reason when the name is refused
     */
    public static String tableName(String name) {
        problem(name).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        return TABLE_PREFIX + name;
    }
}
