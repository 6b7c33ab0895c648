package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures mean "the database cannot be reached" (503) rather than "this request failed" (500). */
class OutageTest {
    static RuntimeException wrapped(Throwable cause) {
        return new IllegalStateException("jdbi", cause);
    }

    @Test
    void connectionFailuresAreUnreachable() {
        assertThat(Outage.isUnreachable(wrapped(new SQLTransientConnectionException("pool timeout"))))
                .isTrue();
        assertThat(Outage.isUnreachable(wrapped(new SQLException("refused", "08001"))))
                .isTrue();
        assertThat(Outage.isUnreachable(wrapped(new SQLException("terminating connection", "57P01"))))
                .isTrue();
        // HikariCP's own, with no SQLSTATE: the pool evicted the connection as broken while a request held it.
        assertThat(Outage.isUnreachable(wrapped(new SQLException("Connection is closed"))))
                .isTrue();
    }

    @Test
    void statementFailuresAreNot() {
        assertThat(Outage.isUnreachable(wrapped(new SQLException("duplicate key", "23505"))))
                .isFalse();
        assertThat(Outage.isUnreachable(wrapped(new SQLException("some other failure"))))
                .isFalse();
        assertThat(Outage.isUnreachable(new IllegalStateException("no SQL at all")))
                .isFalse();
    }
}
