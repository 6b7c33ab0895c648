package dev.latchkey.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Direct JDBC access to a test database: set up state no API can reach yet, and snapshot tables. */
public final class Sql {
    private static final List<String> SNAPSHOT_TABLES = List.of("projects", "organizations", "members");

    private Sql() {}

    /** Runs one statement with positional parameters; returns the update count. */
    public static int update(String jdbcUrl, String sql, Object... params) {
        try (Connection c = connect(jdbcUrl);
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A digest of every row of the projects, organizations and members tables, keyed by table. */
    public static Map<String, String> snapshot(String jdbcUrl) {
        try (Connection c = connect(jdbcUrl)) {
            return snapshot(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    /** The same digest over an open connection, for tests that take many snapshots. */
    public static Map<String, String> snapshot(Connection c) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String table : SNAPSHOT_TABLES) {
                try (PreparedStatement s =
                                c.prepareStatement("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text,"
                                        + " ',' ORDER BY id)), '') FROM " + table + " t");
                        ResultSet rs = s.executeQuery()) {
                    rs.next();
                    out.put(table, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
