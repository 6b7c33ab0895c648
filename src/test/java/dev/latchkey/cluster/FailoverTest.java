package dev.latchkey.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 11, "How it is shown": a PostgreSQL primary with a synchronous standby; two Latchkey nodes are given both
 * hosts in one multi-host URL with {@code targetServerType=primary}. Mid-load the primary is stopped and the standby
 * promoted, as Patroni would; the nodes carry on against the new primary without a restart, and every write they
 * acknowledged, before or after the switch, is on it.
 */
@Tag("cluster")
class FailoverTest {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverTest.class);
    private static final int CLIENTS = 4;
    private static final long STAGE_SECONDS = 120;

    @Test
    void primaryStoppedMidLoadAndStandbyPromotedThenNodesContinueAndNoAcknowledgedWriteIsLost() throws Exception {
        try (PostgresServer primary = PostgresServer.startPrimary();
                PostgresServer standby = PostgresServer.startSynchronousStandbyOf(primary)) {
            String url = PostgresServer.primaryUrl(primary, standby);
            try (Cluster cluster = Cluster.start(2, url)) {
                ClusterClient client = cluster.client();
                ClusterLoad load = ClusterLoad.prepare(cluster, new DevMessages(url), CLIENTS);
                load.start(CLIENTS);
                long switchedAt;
                long errorsBefore;
                try {
                    load.awaitRounds(3L * CLIENTS, STAGE_SECONDS);
                    errorsBefore = client.serverErrors().size() + client.connectionErrors();
                    long writesBefore = load.ledger.organizationNames.size();
                    switchedAt = System.nanoTime();
                    primary.stop();
                    standby.promote();
                    LOG.info("primary stopped and standby promoted in {} ms", millisSince(switchedAt));
                    awaitNewWrites(load, writesBefore + 3);
                    LOG.info("writes acknowledged again {} ms after the primary stopped", millisSince(switchedAt));
                    load.awaitRounds(load.rounds() + 2L * CLIENTS, STAGE_SECONDS);
                } finally {
                    load.finish();
                }

                List<String> serverErrors = client.serverErrors();
                LOG.info(
                        "failover load: {} rounds, {} answers, {} errors during the switch ({} 5xx), {} organizations,"
                                + " {} members, {} races, {} refused retries",
                        load.rounds(),
                        client.answers(),
                        serverErrors.size() + client.connectionErrors() - errorsBefore,
                        serverErrors.size(),
                        load.ledger.organizationNames.size(),
                        load.ledger.members.size(),
                        load.ledger.races.size(),
                        load.ledger.retriedRefusals.get());
                // While no primary is reachable a node answers 503 server_unavailable, nothing else.
                assertThat(serverErrors).allSatisfy(e -> assertThat(e).contains("-> 503 ", "server_unavailable"));
                assertThat(load.ledger.anomalies).isEmpty();
                load.ledger.assertAcknowledgedWritesStored(standby.jdbcUrl());
                load.ledger.assertSingleUse();
            }
        }
    }

    /** Waits until the load has acknowledged {@code organizations} organization writes in all. */
    private static void awaitNewWrites(ClusterLoad load, long organizations) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STAGE_SECONDS);
        while (load.ledger.organizationNames.size() < organizations) {
            assertThat(System.nanoTime()).as("writes after the switch").isLessThan(deadline);
            PostgresServer.pause(20);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
