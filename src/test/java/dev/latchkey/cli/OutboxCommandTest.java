package dev.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.latchkey.delivery.EmailMessage;
import dev.latchkey.project.Project;
import dev.latchkey.testing.Eventually;
import dev.latchkey.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 11: {@code latchkey outbox list|retry} on a message that died while SMTP was down. */
class OutboxCommandTest {
    @TempDir
    static Path dataDir;

    record Run(int exitCode, String out, String err) {}

    private static Run run(TestServer server, String... args) {
        Map<String, String> env = Map.of(
                "LATCHKEY_DATABASE_URL",
                server.databaseUrl,
                "LATCHKEY_DATABASE_USER",
                "postgres",
                "LATCHKEY_DATABASE_PASSWORD",
                "",
                "LATCHKEY_DATA_DIR",
                dataDir.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main(env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private static String status(TestServer server, String id) {
        return server.app.services().database().withHandle(h -> h.createQuery(
                        "SELECT status || '/' || attempts FROM outbox WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .one());
    }

    @Test
    @DisplayName("after its last try a message is dead, listed and counted; outbox retry sends it once SMTP is up")
    void deadLetterThenRetry() {
        GreenMail probe = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        probe.start();
        int port = probe.getSmtp().getPort();
        probe.stop();
        try (TestServer server = new TestServer(Map.of(
                "LATCHKEY_SMTP_HOST", "127.0.0.1",
                "LATCHKEY_SMTP_PORT", Integer.toString(port),
                "LATCHKEY_SMTP_TLS", "none",
                "LATCHKEY_SMTP_FROM", "login@outbox.test",
                "LATCHKEY_OUTBOX_MAX_ATTEMPTS", "3",
                "LATCHKEY_OUTBOX_BACKOFF_FIRST_MILLIS", "1000"))) {
            Project project = server.project.project();
            server.app.services().database().inTransaction(h -> {
                server.app
                        .services()
                        .messages()
                        .email(
                                h,
                                project,
                                new EmailMessage("dead@outbox.test", "Hi", "Code 123456", null, null, null, null));
                return null;
            });
            String id = server.app.services().database().withHandle(h -> h.createQuery("SELECT id FROM outbox")
                    .mapTo(String.class)
                    .one());

            Eventually.within(
                    Duration.ofSeconds(10),
                    "try 1 to fail",
                    () -> status(server, id).equals("pending/1") && !claimed(server, id));
            server.clock.advance(Duration.ofSeconds(1)); // the first backoff
            Eventually.within(
                    Duration.ofSeconds(10),
                    "try 2 to fail",
                    () -> status(server, id).equals("pending/2") && !claimed(server, id));
            server.clock.advance(Duration.ofSeconds(2)); // doubled
            Eventually.within(Duration.ofSeconds(10), "the message to die", () -> status(server, id)
                    .equals("dead/3"));

            Eventually.within(Duration.ofSeconds(15), "the metrics to show it", () -> {
                String metrics = server.call("GET", "/metrics", null).text();
                return metrics.contains("latchkey_outbox_messages{status=\"dead\"} 1.0")
                        && metrics.contains("latchkey_outbox_attempts_total{channel=\"email\",result=\"dead\"} 1.0")
                        && metrics.contains("latchkey_outbox_attempts_total{channel=\"email\",result=\"failed\"} 2.0");
            });
            Run dead = run(server, "outbox", "list", "--status", "dead");
            assertThat(dead.exitCode()).as(dead.err()).isZero();
            assertThat(dead.out()).contains(id, "dead", "email", "dead@outbox.test", "\t3\t", "onnect");
            assertThat(dead.out()).doesNotContain("123456");
            assertThat(run(server, "outbox", "list", "--status", "pending").out())
                    .isEmpty();
            assertThat(run(server, "outbox", "list", "--status", "lost").exitCode())
                    .isEqualTo(2);
            assertThat(run(server, "outbox", "retry", "outbox-test-nosuch").exitCode())
                    .isEqualTo(1);

            GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            try {
                Run retried = run(server, "outbox", "retry", id);
                assertThat(retried.exitCode()).as(retried.err()).isZero();
                Eventually.within(Duration.ofSeconds(10), "the revived message to be sent", () -> status(server, id)
                        .equals("sent/1"));
                assertThat(smtp.getReceivedMessages()).hasSize(1);
                assertThat(run(server, "outbox", "list", "--status", "sent").out())
                        .contains(id);
                assertThat(run(server, "outbox", "retry", "--all-dead").out()).contains("retrying 0 dead messages");
            } finally {
                smtp.stop();
            }
        }
    }

    private static boolean claimed(TestServer server, String id) {
        return server.app.services().database().withHandle(h -> h.createQuery(
                        "SELECT claim_id IS NOT NULL FROM outbox WHERE id = :id")
                .bind("id", id)
                .mapTo(Boolean.class)
                .one());
    }
}
