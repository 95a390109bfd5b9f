package dev.tollgate.store.jdbc;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/** Space-separated columns for sets of names (scopes, grant types). */
final class Lists {
    private Lists() {}

    static String join(Collection<String> values) {
        return String.join(" ", new TreeSet<>(values));
    }

    static Set<String> split(String column) {
        if (column == null || column.isBlank()) {
            return Set.of();
        }
        Set<String> values = new LinkedHashSet<>();
        // a one-character separator splits without a regular expression
        for (String value : column.split(" ")) {
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        return values;
    }
}
