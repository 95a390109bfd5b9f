package dev.tollgate.admin;

import java.util.List;

/** One page of a list, and the cursor of the next page (null on the last). */
public record Page<T>(List<T> items, String next) {
    public Page {
        items = List.copyOf(items);
    }
}
