package dev.tollgate.store.jdbc;

import java.util.Arrays;
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
        return new LinkedHashSet<>(Arrays.asList(column.trim().split(" +")));
    }
}
