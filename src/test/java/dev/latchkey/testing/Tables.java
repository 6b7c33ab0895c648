package dev.latchkey.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a test server's database over plain JDBC, to check what is stored and that a refused request changed
 * nothing.
 */
public final class Tables {
    /** Every table that holds the state of organizations, members, factors, sessions and sent messages. */
    public static final List<String> STATE = List.of(
            "organizations",
            "members",
            "member_passwords",
            "password_reset_tokens",
            "member_sessions",
            "intermediate_sessions",
            "sms_otps",
            "totp_registrations",
            "totp_used_steps",
            "recovery_codes",
            "dev_messages");

    private final String url;

    public Tables(String url) {
        this.url = url;
    }

    /** Every row of every {@link #STATE} table, as JSON text, in a stable order. */
    public Map<String, List<String>> snapshot() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String table : STATE) {
            List<String> rows = new ArrayList<>();
            for (Map<String, Object> r : rows("SELECT row_to_json(t)::text AS j FROM " + table + " t ORDER BY 1")) {
                rows.add((String) r.get("j"));
            }
            out.put(table, rows);
        }
        return out;
    }

    /** The rows of a query, each as column name → value. */
    public List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The single row of a query. */
    public Map<String, Object> row(String sql, Object... params) {
        List<Map<String, Object>> rows = rows(sql, params);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row of " + sql + ", got " + rows.size());
        }
        return rows.get(0);
    }
}
