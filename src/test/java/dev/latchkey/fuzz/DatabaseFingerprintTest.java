package dev.latchkey.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fuzz test's "no row changed" check must see every kind of change, and only changes. */
class DatabaseFingerprintTest {
    private Connection db;
    private DatabaseFingerprint fingerprint;

    @BeforeEach
    void createTables() throws SQLException {
        String url = TestDatabases.freshDatabaseUrl();
        db = DriverManager.getConnection(url, "postgres", "");
        sql("CREATE TABLE organizations (id text PRIMARY KEY, name text)");
        sql("CREATE TABLE members (id text PRIMARY KEY, name text, failed_attempts integer NOT NULL DEFAULT 0)");
        sql("CREATE TABLE throttle_hits (key text PRIMARY KEY, count integer)");
        sql("INSERT INTO organizations VALUES ('o1', 'One')");
        sql("INSERT INTO members VALUES ('m1', 'Ann', 0)");
        fingerprint = new DatabaseFingerprint(url);
    }

    @AfterEach
    void close() throws SQLException {
        fingerprint.close();
        db.close();
    }

    @Test
    void changesWhenNothingWrittenThenEmpty() throws SQLException {
        sql("SELECT * FROM organizations");
        assertThat(fingerprint.changes()).isEmpty();
    }

    @Test
    void changesWhenRowInsertedUpdatedOrDeletedThenNamesTheTable() throws SQLException {
        sql("INSERT INTO organizations VALUES ('o2', 'Two')");
        assertThat(fingerprint.changes()).containsExactly("organizations");
        sql("UPDATE members SET name = 'Bob'");
        assertThat(fingerprint.changes()).containsExactly("members");
        sql("DELETE FROM organizations WHERE id = 'o1'");
        assertThat(fingerprint.changes()).containsExactly("organizations");
    }

    @Test
    void changesWhenRowRewrittenWithSameValuesThenEmpty() throws SQLException {
        sql("UPDATE organizations SET name = name");
        assertThat(fingerprint.changes()).isEmpty();
    }

    @Test
    void changesWhenOnlyAttemptAccountingWrittenThenEmpty() throws SQLException {
        sql("UPDATE members SET failed_attempts = failed_attempts + 1");
        sql("INSERT INTO throttle_hits VALUES ('k', 1)");
        assertThat(fingerprint.changes()).isEmpty();
    }

    @Test
    void changesWhenWriteRolledBackThenEmpty() throws SQLException {
        db.setAutoCommit(false);
        sql("INSERT INTO organizations VALUES ('o3', 'Three')");
        db.rollback();
        db.setAutoCommit(true);
        assertThat(fingerprint.changes()).isEmpty();
    }

    private void sql(String statement) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(statement);
        }
    }
}
