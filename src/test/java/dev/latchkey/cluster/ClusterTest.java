package dev.latchkey.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.cluster.ClusterClient.Answer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 11, "How it is shown": three Latchkey nodes (separate JVMs) on one real PostgreSQL server under a mixed load
 * from clients that round-robin the nodes and retry on connection errors; one node is killed with SIGKILL mid-load
 * and started again, another is stopped with SIGTERM and started again. Afterwards every acknowledged write is in the
 * database, no single-use code or token was accepted twice, revoked sessions are refused by every node, lockout and
 * send limits held across nodes, and no live node answered 5xx.
 */
@Tag("cluster")
class ClusterTest {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTest.class);
    private static final int CLIENTS = 6;
    /** The longest wait for one stage of the load; the whole class takes about a minute on a free machine. */
    private static final long STAGE_SECONDS = 120;

    static PostgresServer postgres;
    static Cluster cluster;
    static ClusterClient client;
    static DevMessages messages;

    private int serverErrorsBefore;

    @BeforeAll
    static void startCluster() {
        postgres = PostgresServer.startPrimary();
        cluster = Cluster.start(3, postgres.jdbcUrl());
        client = cluster.client();
        messages = new DevMessages(postgres.jdbcUrl());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void noteServerErrors() {
        serverErrorsBefore = client.serverErrors().size();
    }

    /** No 5xx from a live node during this test. */
    @AfterEach
    void noServerErrors() {
        List<String> all = client.serverErrors();
        assertThat(all.subList(serverErrorsBefore, all.size()))
                .as("5xx from live nodes")
                .isEmpty();
    }

    @Test
    void mixedLoadWhenOneNodeIsKilledAndAnotherRestartedThenNothingAcknowledgedIsLostOrDoubled() throws Exception {
        ClusterLoad load = ClusterLoad.prepare(cluster, messages, CLIENTS);
        long started = System.nanoTime();
        load.start(CLIENTS);
        try {
            load.awaitRounds(2L * CLIENTS, STAGE_SECONDS);
            LatchkeyNode killed = cluster.node(1);
            killed.kill();
            LOG.info("SIGKILL {} at {} s, round {}", killed, seconds(started), load.rounds());
            load.awaitRounds(load.rounds() + CLIENTS, STAGE_SECONDS);
            killed.start();
            LOG.info("{} back at {} s, round {}", killed, seconds(started), load.rounds());
            LatchkeyNode restarted = cluster.node(2);
            client.stopping(restarted);
            restarted.stop();
            LOG.info("SIGTERM {} at {} s, round {}", restarted, seconds(started), load.rounds());
            restarted.start();
            client.running(restarted);
            LOG.info("{} back at {} s, round {}", restarted, seconds(started), load.rounds());
            load.awaitRounds(load.rounds() + 2L * CLIENTS, STAGE_SECONDS);
        } finally {
            load.finish();
        }

        LOG.info(
                "cluster load: {} s, {} rounds, {} answers, {} connection errors, {} logins, {} session checks,"
                        + " {} races, {} revoked, slowest revocation {} ms, {} organizations, {} members,"
                        + " {} drain refusals, {} refused retries",
                seconds(started),
                load.rounds(),
                client.answers(),
                client.connectionErrors(),
                load.ledger.logins.get(),
                load.ledger.sessionChecks.get(),
                load.ledger.races.size(),
                load.ledger.revokedTokens.size(),
                load.ledger.slowestRevocationMillis.get(),
                load.ledger.organizationNames.size(),
                load.ledger.members.size(),
                client.drainRefusals().size(),
                load.ledger.retriedRefusals.get());
        assertThat(load.ledger.anomalies).isEmpty();
        assertThat(load.ledger.logins.get()).as("logins during the load").isGreaterThanOrEqualTo(10);
        assertThat(load.ledger.organizationNames).as("organizations written").hasSizeGreaterThanOrEqualTo(3);
        assertThat(load.ledger.races).as("single-use codes and tokens raced").hasSizeGreaterThanOrEqualTo(8);
        load.ledger.assertAcknowledgedWritesStored(postgres.jdbcUrl());
        load.ledger.assertSingleUse();
        assertThat(load.ledger.slowestRevocationMillis.get()).isLessThanOrEqualTo(ClusterLoad.REVOCATION_WINDOW_MILLIS);
        for (String token : load.ledger.revokedTokens) {
            for (LatchkeyNode node : cluster.nodes()) {
                Answer a = client.postOn(node, "/v1/b2b/sessions/authenticate", "session_token", token)
                        .orElseThrow();
                assertThat(a.errorType()).as(node + " " + a.text()).isEqualTo("session_not_found");
            }
        }
    }

    @Test
    void wrongPasswordsSpreadOverNodesThenTheMemberIsLockedOnEveryNode() {
        ClusterLoad setup = ClusterLoad.prepare(cluster, messages, 0);
        String org = cluster.organization("OPTIONAL");
        String locked = ClusterLoad.email("locked", 1);
        String spared = ClusterLoad.email("spared", 1);
        setup.migrated(org, locked);
        setup.migrated(org, spared);

        for (int attempt = 0; attempt < 10; attempt++) { // Lockout.FAILURE_LIMIT, one node after another
            assertThat(login(org, locked, "wrong password " + attempt).status()).isBetween(400, 499);
        }
        for (int attempt = 0; attempt < 9; attempt++) {
            assertThat(login(org, spared, "wrong password " + attempt).status()).isBetween(400, 499);
        }

        for (LatchkeyNode node : cluster.nodes()) {
            Answer a = client.callOn(node, "POST", "/v1/b2b/passwords/authenticate", loginBody(org, locked))
                    .orElseThrow();
            assertThat(a.errorType()).as(node + " " + a.text()).isEqualTo("user_lock_limit_reached");
        }
        assertThat(login(org, spared, ClusterLoad.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void sendsToOneAddressFromEveryNodeAtOnceThenTheHourlyLimitHoldsAcrossNodes() throws Exception {
        String org = cluster.organization("OPTIONAL");
        String email = ClusterLoad.email("limited", 1);
        assertThat(client.post("/v1/b2b/organizations/" + org + "/members", "email_address", email)
                        .status())
                .isEqualTo(200);
        String body = ClusterClient.json(
                "organization_id", org, "email_address", email, "login_redirect_url", ClusterLoad.REDIRECT_URL);
        Instant before = Instant.now();
        List<Answer> answers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 5 * cluster.nodes().size(); i++) {
            LatchkeyNode node = cluster.node(i % cluster.nodes().size());
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                Answer a = client.callOn(node, "POST", "/v1/b2b/magic_links/email/login_or_signup", body)
                        .orElseThrow();
                synchronized (answers) {
                    answers.add(a);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        boolean oneWindow =
                before.truncatedTo(ChronoUnit.HOURS).equals(Instant.now().truncatedTo(ChronoUnit.HOURS));

        long sent = answers.stream().filter(Answer::ok).count();
        assertThat(answers)
                .filteredOn(a -> !a.ok())
                .extracting(Answer::errorType)
                .containsOnly("too_many_requests");
        if (oneWindow) {
            assertThat(sent).isEqualTo(Cluster.SENDS_PER_ADDRESS_HOUR);
        } else { // a burst across the turn of the hour may use two windows
            assertThat(sent).isBetween((long) Cluster.SENDS_PER_ADDRESS_HOUR, 2L * Cluster.SENDS_PER_ADDRESS_HOUR);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (messages.count(email) < sent && System.nanoTime() < deadline) {
            PostgresServer.pause(50);
        }
        assertThat(messages.count(email)).as("messages delivered").isEqualTo(sent);
    }

    private static Answer login(String org, String email, String password) {
        return client.call(
                "POST",
                "/v1/b2b/passwords/authenticate",
                ClusterClient.json("organization_id", org, "email_address", email, "password", password));
    }

    private static String loginBody(String org, String email) {
        return ClusterClient.json("organization_id", org, "email_address", email, "password", ClusterLoad.PASSWORD);
    }

    private static long seconds(long startedNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }
}
