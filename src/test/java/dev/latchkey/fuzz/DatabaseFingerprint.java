package dev.latchkey.fuzz;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which tables changed since the last look, so that the fuzz test can check after each refused request that nothing
 * changed. The table list is read from {@code information_schema}, so tables added later are covered without editing
 * this class.
 *
 * <p>Comparing every row after every request would cost more than the requests, so the check narrows in three steps,
 * each sound on its own: PostgreSQL assigns a transaction id to every transaction that writes a row, so an unchanged
 * next transaction id means nothing was written; otherwise a table whose row count is the same and none of whose
 * rows has an {@code xmin} (the transaction that wrote that row version) from after the last look is unchanged; only
 * the tables left are compared row by row, as an md5 of their rows.
 *
 * <p>Left out is the accounting a refusal is meant to write: throttle windows, and the counters and locks of wrong
 * passwords and codes (OWASP ASVS 2.2.1: failed attempts must be counted, so a refused guess changes them), including
 * the one-time code or intermediate session the last allowed wrong code uses up ({@code consumed_at}).
 */
final class DatabaseFingerprint implements AutoCloseable {
    /** Tables that count attempts and nothing else. */
    private static final Set<String> ACCOUNTING_TABLES = Set.of("throttle_hits", "flyway_schema_history");

    /** Columns, per table, that count wrong guesses or hold the lock or the use-up they lead to. */
    private static final Map<String, List<String>> ACCOUNTING_COLUMNS = Map.of(
            "members",
            List.of("failed_attempts", "second_factor_failed_attempts", "lock_created_at", "lock_expires_at"),
            "intermediate_sessions",
            List.of("wrong_codes", "consumed_at"),
            "sms_otps",
            List.of("attempts", "consumed_at"),
            "email_otps",
            List.of("attempts", "consumed_at"));

    private final Connection connection;
    private final List<String> tables = new ArrayList<>();
    private final Map<String, Long> rowCounts = new HashMap<>();
    private final Map<String, String> digests = new HashMap<>();
    private long nextTransactionId;

    DatabaseFingerprint(String jdbcUrl) throws SQLException {
        this.connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            while (rs.next()) {
                if (!ACCOUNTING_TABLES.contains(rs.getString(1))) {
                    tables.add(rs.getString(1));
                }
            }
        }
        this.nextTransactionId = nextTransactionId();
        for (String table : tables) {
            rowCounts.put(table, -1L);
        }
        changes();
    }

    /** The tables whose rows changed since the last call (or since this was made); empty if none did. */
    List<String> changes() {
        long next = nextTransactionId();
        if (next == nextTransactionId && !digests.isEmpty()) {
            return List.of();
        }
        List<String> candidates = touchedSince(nextTransactionId);
        nextTransactionId = next;
        List<String> changed = new ArrayList<>();
        for (String table : candidates) {
            String digest = digest(table);
            if (!digest.equals(digests.put(table, digest))) {
                changed.add(table);
            }
        }
        return changed;
    }

    /** Tables whose row count changed or that hold a row version written by a transaction at or after {@code xid}. */
    private List<String> touchedSince(long xid) {
        String query = tables.stream()
                .map(t -> "SELECT '" + t + "', count(*), count(*) FILTER (WHERE xmin::text::bigint >= " + xid
                        + ") FROM \"" + t + "\"")
                .collect(Collectors.joining(" UNION ALL "));
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                String table = rs.getString(1);
                long count = rs.getLong(2);
                if (rs.getLong(3) > 0 || !Long.valueOf(count).equals(rowCounts.put(table, count))) {
                    out.add(table);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** An md5 of every row of the table, the accounting columns removed from each. */
    private String digest(String table) {
        String row = "to_jsonb(t)";
        for (String column : ACCOUNTING_COLUMNS.getOrDefault(table, List.of())) {
            row += " - '" + column + "'";
        }
        String sql = "SELECT md5(coalesce(string_agg((" + row + ")::text, ',' ORDER BY (" + row
                + ")::text), '')) FROM \"" + table + "\" t";
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long nextTransactionId() {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
