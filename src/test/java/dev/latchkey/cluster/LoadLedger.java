package dev.latchkey.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ledger of a {@link ClusterLoad}: every write the nodes acknowledged, every single-use race, every revoked
 * session, what was unexpected, and counts for the report; and the checks made of it once the load is over.
 */
final class LoadLedger {
    /** Each acknowledged organization and the names it may have: both while a rename's outcome is unknown. */
    final Map<String, Set<String>> organizationNames = new ConcurrentHashMap<>();

    final Set<String> members = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<Race> races = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> revokedTokens = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> anomalies = new ConcurrentLinkedQueue<>();
    final AtomicLong slowestRevocationMillis = new AtomicLong();
    final AtomicLong logins = new AtomicLong();
    final AtomicLong sessionChecks = new AtomicLong();
    /** Calls refused after a retry whose first attempt may have been done: outcome unknown, so not acknowledged. */
    final AtomicLong retriedRefusals = new AtomicLong();

    /**
     * One single-use secret presented to every node at once: how many won, and whether it was a fair race (every
     * node answered, none with a 5xx), in which exactly one must win.
     */
    record Race(String kind, int successes, boolean fair) {}

    /** Every organization and member the nodes acknowledged is in the database {@code jdbcUrl} names. */
    void assertAcknowledgedWritesStored(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            Map<String, String> stored = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, name FROM organizations WHERE id = ANY (?)")) {
                s.setArray(1, c.createArrayOf("text", organizationNames.keySet().toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(organizationNames.keySet());
            organizationNames.forEach((id, names) -> assertThat(names).as(id).contains(stored.get(id)));
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM members WHERE id = ANY (?)")) {
                s.setArray(1, c.createArrayOf("text", members.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("acknowledged members stored").isEqualTo(members.size());
                }
            }
        }
    }

    /** No code or token was accepted twice, and in every fair race exactly one node accepted it. */
    void assertSingleUse() {
        assertThat(races)
                .allSatisfy(race -> assertThat(race.successes()).as(race.kind()).isLessThanOrEqualTo(1));
        assertThat(races)
                .filteredOn(Race::fair)
                .allSatisfy(race -> assertThat(race.successes()).as(race.kind()).isEqualTo(1));
    }
}
