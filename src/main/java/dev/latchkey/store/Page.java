package dev.latchkey.store;

import java.util.List;
import java.util.function.Function;

/** One page of a search: the items, the total that match, and where the next page starts (or null). */
public record Page<T>(List<T> items, int total, String nextCursor) {

    /**
     * The page from rows fetched with {@code limit + 1}: the extra row, if present, only says a next page exists,
     * whose cursor is the position of the last row kept.
     */
    public static <T> Page<T> of(List<T> rowsPlusOne, int limit, int total, Function<T, Cursor> position) {
        if (rowsPlusOne.size() <= limit) {
            return new Page<>(List.copyOf(rowsPlusOne), total, null);
        }
        List<T> rows = rowsPlusOne.subList(0, limit);
        return new Page<>(
                List.copyOf(rows), total, position.apply(rows.get(limit - 1)).encode());
    }
}
