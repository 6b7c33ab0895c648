package dev.latchkey.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fragment of a WHERE clause with its named bind values, so search filters compose with AND/OR
 * without string-concatenating user input into SQL.
 */
public record SqlFilter(String sql, Map<String, Object> binds) {

    public static final SqlFilter TRUE = new SqlFilter("TRUE", Map.of());
    public static final SqlFilter FALSE = new SqlFilter("FALSE", Map.of());

    public static SqlFilter of(String sql, String name, Object value) {
        return new SqlFilter(sql, Map.of(name, value));
    }

    /** Joins filters with AND or OR; no filters match everything. */
    public static SqlFilter join(List<SqlFilter> filters, boolean or) {
        if (filters.isEmpty()) {
            return TRUE;
        }
        StringBuilder sql = new StringBuilder("(");
        Map<String, Object> binds = new LinkedHashMap<>();
        for (int i = 0; i < filters.size(); i++) {
            if (i > 0) {
                sql.append(or ? " OR " : " AND ");
            }
            sql.append('(').append(filters.get(i).sql()).append(')');
            binds.putAll(filters.get(i).binds());
        }
        return new SqlFilter(sql.append(')').toString(), binds);
    }

    /** {@code value} as a LIKE pattern matching it anywhere, with LIKE's wildcards escaped. */
    public static String containsPattern(String value) {
        return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
