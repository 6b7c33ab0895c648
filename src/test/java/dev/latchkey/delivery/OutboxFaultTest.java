package dev.latchkey.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.latchkey.testing.Eventually;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a slow, dead or hanging SMTP server never slows a request, and every email queued while it was down
 * arrives once it is back. Requests are real HTTP sends of email login codes; email is read from GreenMail.
 */
class OutboxFaultTest {
    private static final int SENDS = 20;
    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");
    /** Generous for a shared CI machine; the figures measured here are printed, and are far below it. */
    private static final Duration QUICK = Duration.ofSeconds(2);

    @Test
    @DisplayName("SMTP down: sends keep answering 200 at once, and every email arrives once SMTP is back; no code is"
            + " logged or left in the outbox")
    void smtpDownThenBack() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        int port = smtp.getSmtp().getPort();
        smtp.stop();
        try (TestServer server = new TestServer(smtpAt(port));
                LogCapture log = new LogCapture("dev.latchkey")) {
            Flows flows = new Flows(server);
            String org = flows.organization();
            List<String> addresses = members(server, org);

            long slowest = sendCodes(flows, org, addresses);
            System.out.printf("outbox: %d sends with SMTP down, slowest answer %d ms%n", SENDS, slowest);
            assertThat(Duration.ofMillis(slowest)).isLessThan(QUICK);
            Eventually.within(
                    Duration.ofSeconds(20),
                    "every message to have failed its first try",
                    () -> count(server, "status = 'pending' AND attempts >= 1 AND claim_id IS NULL") == SENDS);
            assertThat(count(server, "last_error LIKE '%Connect%' OR last_error LIKE '%connect%'"))
                    .isEqualTo(SENDS);

            GreenMail back = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            back.start();
            try {
                server.clock.advance(Duration.ofMinutes(1)); // past the backoff
                Eventually.within(Duration.ofSeconds(20), "every email", () -> server.pendingOutboxMessages() == 0);
                Map<String, Long> received = recipients(back.getReceivedMessages());
                assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(addresses);
                assertThat(received.values()).containsOnly(1L);
                assertThat(count(server, "status = 'sent' AND body IS NULL")).isEqualTo(SENDS);
                List<String> codes = Stream.of(back.getReceivedMessages())
                        .map(OutboxFaultTest::code)
                        .toList();
                assertThat(codes).hasSize(SENDS).allMatch(c -> c.matches("\\d{6}"));
                assertThat(String.join("\n", log.lines())).doesNotContain(codes.toArray(String[]::new));
            } finally {
                back.stop();
            }
        }
    }

    @Test
    @DisplayName("hanging SMTP (accepts, never answers): requests stay quick and no transaction is held open")
    void hangingSmtpSlowsNothing() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket hanging = new ServerSocket(0)) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!hanging.isClosed()) {
                    try {
                        held.add(hanging.accept()); // and never say a word
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            try (TestServer server = new TestServer(smtpAt(hanging.getLocalPort()))) {
                Flows flows = new Flows(server);
                String org = flows.organization();
                List<String> addresses = members(server, org);

                long slowest = sendCodes(flows, org, addresses);
                Eventually.within(
                        Duration.ofSeconds(10),
                        "every sender stuck on the hanging server",
                        () -> held.size() >= OutboxConfig.DEFAULTS.senders());
                long slowestWhileStuck = sendCodes(flows, org, members(server, org));
                System.out.printf(
                        "outbox: hanging SMTP, slowest send %d ms, %d ms with every sender stuck%n",
                        slowest, slowestWhileStuck);
                assertThat(Duration.ofMillis(Math.max(slowest, slowestWhileStuck)))
                        .isLessThan(QUICK);
                assertThat(flows.get("/v1/b2b/organizations/" + org).status()).isEqualTo(200);
                assertThat(idleInTransaction(server)).isZero();
                assertThat(count(server, "status = 'pending'")).isEqualTo(2L * SENDS);
                // Let the stuck senders go now instead of at their 15 s timeout, and refuse any further try.
                hanging.close();
                acceptor.join();
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    static Map<String, String> smtpAt(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("LATCHKEY_SMTP_HOST", "127.0.0.1");
        env.put("LATCHKEY_SMTP_PORT", Integer.toString(port));
        env.put("LATCHKEY_SMTP_TLS", "none");
        env.put("LATCHKEY_SMTP_FROM", "login@outbox.test");
        return env;
    }

    private static List<String> members(TestServer server, String org) {
        Fixtures fx = new Fixtures(server);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < SENDS; i++) {
            String address = "m-" + UUID.randomUUID().toString().substring(0, 8) + "@outbox.test";
            fx.member(org, address);
            addresses.add(address);
        }
        return addresses;
    }

    /** Sends each address a login code over HTTP; every answer must be 200. Returns the slowest, in ms. */
    private static long sendCodes(Flows flows, String org, List<String> addresses) {
        long slowest = 0;
        for (String address : addresses) {
            long started = System.nanoTime();
            Flows.ok(
                    flows.post("/v1/b2b/otps/email/login_or_signup", "organization_id", org, "email_address", address));
            slowest = Math.max(
                    slowest, Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
        return slowest;
    }

    static long count(TestServer server, String where) {
        return server.app.services().database().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM outbox WHERE " + where)
                .mapTo(Long.class)
                .one());
    }

    private static long idleInTransaction(TestServer server) {
        return server.app.services().database().withHandle(h -> h.createQuery(
                        """
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND state LIKE 'idle in transaction%'""")
                .mapTo(Long.class)
                .one());
    }

    static Map<String, Long> recipients(MimeMessage[] messages) {
        return IntStream.range(0, messages.length)
                .mapToObj(i -> to(messages[i]))
                .collect(Collectors.groupingBy(a -> a, Collectors.counting()));
    }

    /** The six-digit code on a line of its own in the text body. */
    private static String code(MimeMessage m) {
        Matcher matcher = CODE.matcher(GreenMailUtil.getBody(m));
        return matcher.find() ? matcher.group(1) : "";
    }

    private static String to(MimeMessage m) {
        try {
            return m.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (MessagingException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
