package dev.latchkey.fuzz;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which tables changed since the last look: a digest of every row of every table, one per table, taken in one query,
 * so that the fuzz test can check after each refused request that nothing changed. The table list is read from
 * {@code information_schema}, so tables added later are covered without editing this class.
 *
 * <p>The digests are recomputed only when some transaction wrote since the last look: PostgreSQL assigns a
 * transaction id to every transaction that writes a row, so an unchanged next transaction id
 * ({@code pg_snapshot_xmax(pg_current_snapshot())}) proves nothing was written, for a fraction of the cost.
 *
 * <p>Left out is the accounting a refusal is meant to write: throttle windows, and the counters and locks of wrong
 * passwords and codes (OWASP ASVS 2.2.1: failed attempts must be counted, so a refused guess changes them).
 */
final class DatabaseFingerprint implements AutoCloseable {
    /** Tables that count attempts and nothing else. */
    private static final Set<String> ACCOUNTING_TABLES = Set.of("throttle_hits", "flyway_schema_history");

    /** Columns, per table, that count wrong guesses or hold the lock they lead to. */
    private static final Map<String, List<String>> ACCOUNTING_COLUMNS = Map.of(
            "members",
            List.of("failed_attempts", "second_factor_failed_attempts", "lock_created_at", "lock_expires_at"),
            "intermediate_sessions",
            List.of("wrong_codes"),
            "sms_otps",
            List.of("attempts"),
            "email_otps",
            List.of("attempts"));

    private final Connection connection;
    private final String query;
    private Map<String, String> digests;
    private long nextTransactionId;

    DatabaseFingerprint(String jdbcUrl) throws SQLException {
        this.connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        List<String> tables = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            while (rs.next()) {
                if (!ACCOUNTING_TABLES.contains(rs.getString(1))) {
                    tables.add(rs.getString(1));
                }
            }
        }
        this.query = tables.stream().map(DatabaseFingerprint::digestOf).collect(Collectors.joining(" UNION ALL "))
                + " ORDER BY 1";
        this.nextTransactionId = nextTransactionId();
        this.digests = digests();
    }

    /** The tables whose rows changed since the last call (or since this was made); empty if none did. */
    List<String> changes() {
        long next = nextTransactionId();
        if (next == nextTransactionId) {
            return List.of();
        }
        Map<String, String> now = digests();
        List<String> changed = now.keySet().stream()
                .filter(t -> !now.get(t).equals(digests.get(t)))
                .toList();
        digests = now;
        nextTransactionId = next;
        return changed;
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

    /** {@code SELECT 'table', md5 of its rows}, the accounting columns removed from each row. */
    private static String digestOf(String table) {
        String row = "to_jsonb(t)";
        for (String column : ACCOUNTING_COLUMNS.getOrDefault(table, List.of())) {
            row += " - '" + column + "'";
        }
        return "SELECT '" + table + "' AS name, md5(coalesce(string_agg((" + row + ")::text, ',' ORDER BY (" + row
                + ")::text), '')) AS digest FROM \"" + table + "\" t";
    }

    /** Table name → digest of its rows. */
    private Map<String, String> digests() {
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
