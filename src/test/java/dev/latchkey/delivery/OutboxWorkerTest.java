package dev.latchkey.delivery;

import static dev.latchkey.delivery.OutboxFaultTest.count;
import static dev.latchkey.delivery.OutboxFaultTest.recipients;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import dev.latchkey.testing.Eventually;
import dev.latchkey.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 11: the outbox workers of several nodes share one database; a node that dies mid-send loses nothing. */
class OutboxWorkerTest {
    static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static TestServer server;
    static Database db;

    @BeforeAll
    static void start() {
        SMTP.start();
        server = new TestServer(OutboxFaultTest.smtpAt(SMTP.getSmtp().getPort()));
        db = server.app.services().database();
    }

    @AfterAll
    static void stop() {
        server.close();
        SMTP.stop();
    }

    @BeforeEach
    void emptyMailboxes() throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
    }

    private static EmailMessage email(String to) {
        return new EmailMessage(to, "Your code", "Your code is 123456", null, "123456", null, null);
    }

    private static String address() {
        return "w-" + UUID.randomUUID().toString().substring(0, 8) + "@outbox.test";
    }

    @Test
    @DisplayName("a node that claimed a message and died before sending it: another node sends it once the lease"
            + " lapses, and the dead claim can no longer record anything")
    void messageClaimedByADeadNodeGoesOutAfterItsLease() throws Exception {
        Project project = server.newProject().project();
        String to = address();
        Duration lease = OutboxConfig.DEFAULTS.lease();
        Instant now = server.clock.instant();
        OutboxStore store = new OutboxStore();
        // Queued and claimed by "the dead node" in one transaction, so the live worker never sees it unclaimed.
        String id = db.inTransaction(h -> {
            server.app.services().messages().email(h, project, email(to));
            List<QueuedMessage> claimed =
                    store.claim(h, "claim-of-dead-node", "dead-node", List.of("email"), 10, now, now.plus(lease));
            assertThat(claimed).singleElement().satisfies(m -> {
                assertThat(m.recipient()).isEqualTo(to);
                assertThat(new String(m.body(), StandardCharsets.ISO_8859_1))
                        .as("sealed at rest")
                        .doesNotContain("123456", "Your code");
            });
            return claimed.get(0).id();
        });

        assertThat(SMTP.waitForIncomingEmail(1_000, 1))
                .as("nothing is sent while the lease holds")
                .isFalse();
        server.clock.advance(lease.plusSeconds(1));

        Eventually.within(
                Duration.ofSeconds(10),
                "the message to be sent",
                () -> count(server, "id = '" + id + "' AND status = 'sent'") == 1);
        assertThat(recipients(SMTP.getReceivedMessages())).containsExactly(Map.entry(to, 1L));
        QueuedMessage sent = new OutboxAdmin(db, store)
                .list(QueuedMessage.Status.SENT, project.id(), 10)
                .get(0);
        assertThat(sent.attempts()).isEqualTo(2);
        assertThat(sent.claimedBy()).isNotEqualTo("dead-node");
        boolean lateRecordTaken =
                db.inTransaction(h -> store.markFailed(h, id, "claim-of-dead-node", "late", null, now));
        assertThat(lateRecordTaken).isFalse();
        assertThat(count(server, "id = '" + id + "' AND status = 'sent'")).isEqualTo(1);
    }

    @Test
    @DisplayName("two workers on one database deliver 200 messages, each exactly once (SKIP LOCKED)")
    void twoWorkersNeverSendOneMessageTwice() {
        int messages = 200;
        Project project = server.newProject().project();
        Delivery smtpOnly = new Delivery(
                new SmtpEmailSender(
                        new DeliveryConfig.Smtp(
                                "127.0.0.1",
                                SMTP.getSmtp().getPort(),
                                DeliveryConfig.Tls.NONE,
                                null,
                                null,
                                "login@outbox.test",
                                null),
                        server.clock),
                null);
        try (OutboxWorker second = new OutboxWorker(
                db,
                new OutboxStore(),
                server.app.services().secretBox(),
                smtpOnly,
                OutboxConfig.DEFAULTS,
                new OutboxMetrics(new SimpleMeterRegistry()),
                server.clock)) {
            second.start();
            List<String> addresses = new ArrayList<>();
            db.inTransaction(h -> {
                for (int i = 0; i < messages; i++) {
                    String to = address();
                    addresses.add(to);
                    server.app.services().messages().email(h, project, email(to));
                }
                return null;
            });
            second.wake();

            long started = System.nanoTime();
            Eventually.within(
                    Duration.ofSeconds(60),
                    "every message sent",
                    () -> count(server, "project_id = '" + project.id() + "' AND status = 'sent'") == messages);
            System.out.printf(
                    "outbox: two workers sent %d emails in %d ms%n",
                    messages, Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
        Map<String, Long> received = recipients(SMTP.getReceivedMessages());
        assertThat(received).hasSize(messages);
        assertThat(received.values()).containsOnly(1L);
        assertThat(count(server, "project_id = '" + project.id() + "' AND attempts = 1"))
                .isEqualTo(messages);
        long claimants =
                db.withHandle(h -> h.createQuery("SELECT count(DISTINCT claimed_by) FROM outbox WHERE project_id = :p")
                        .bind("p", project.id())
                        .mapTo(Long.class)
                        .one());
        assertThat(claimants).as("both workers took a share").isEqualTo(2);
    }

    @Test
    @DisplayName("messages to one address arrive in the order they were queued, though four senders run at once")
    void messagesToOneRecipientKeepTheirOrder() throws Exception {
        Project project = server.newProject().project();
        String to = address();
        db.inTransaction(h -> {
            for (int i = 1; i <= 8; i++) {
                server.app
                        .services()
                        .messages()
                        .email(h, project, new EmailMessage(to, "Code " + i, "Code " + i, null, null, null, null));
            }
            return null;
        });

        Eventually.within(
                Duration.ofSeconds(20),
                "every message sent",
                () -> count(server, "project_id = '" + project.id() + "' AND status = 'sent'") == 8);
        List<String> subjects = new ArrayList<>();
        for (var m : SMTP.getReceivedMessages()) {
            subjects.add(m.getSubject());
        }
        assertThat(subjects)
                .containsExactly("Code 1", "Code 2", "Code 3", "Code 4", "Code 5", "Code 6", "Code 7", "Code 8");
    }
}
