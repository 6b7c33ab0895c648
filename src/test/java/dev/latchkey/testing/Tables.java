package dev.latchkey.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
            "dev_messages",
            "outbox",
            "member_oauth_registrations",
            "oauth_tokens",
            "sso_connections",
            "sso_certificates",
            "sso_tokens",
            "sso_registrations",
            "sso_used_assertions");

    private final String url;

    public Tables(String url) {
        this.url = url;
    }

    /** Every row of every {@link #STATE} table, as JSON text, in a stable order. */
    public Map<String, List<String>> snapshot() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement()) {
            for (String table : STATE) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT row_to_json(t)::text FROM " + table + " t ORDER BY 1")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                out.put(table, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Runs a call that must be refused, and asserts that no state table changed; returns its response. */
    public TestServer.Response unchanged(Supplier<TestServer.Response> call) {
        Map<String, List<String>> before = snapshot();
        TestServer.Response r = call.get();
        Map<String, List<String>> after = snapshot();
        for (String table : STATE) {
            assertThat(after.get(table))
                    .as("%s after %d %s", table, r.status(), r.errorType())
                    .containsExactlyElementsOf(before.get(table));
        }
        return r;
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
