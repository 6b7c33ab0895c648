package dev.latchkey.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Environment;
import dev.latchkey.project.Project;
import dev.latchkey.testing.Eventually;
import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeliveryTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static TestServer server;
    static final MessageTemplates TEMPLATES = new MessageTemplates();

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static EmailMessage loginEmail(String to) {
        return TEMPLATES.render(
                TemplateKind.MAGIC_LINK_LOGIN,
                "en",
                to,
                Map.of(
                        "organization_name",
                        "Acme",
                        "link",
                        "https://app.acme.test/auth?token=tok-77",
                        "token",
                        "tok-77",
                        "expiration_minutes",
                        "60"));
    }

    @Test
    void testProjectWithoutProviderSendsToTheDevOutbox() {
        var credentials = server.newProject();
        Project project = credentials.project();

        inTransaction(server, h -> server.app.services().messages().email(h, project, loginEmail("ada@acme.test")));
        server.clock.advance(Duration.ofSeconds(1));
        inTransaction(server, h -> server.app
                .services()
                .messages()
                .sms(h, project, TEMPLATES.renderSms("en", "+15555550123", "424242", 2)));

        var listed = server.call("GET", "/dev/v1/messages", null, project.id(), credentials.secret());
        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        JsonNode messages = listed.json().get("messages");
        assertThat(messages).hasSize(2);
        JsonNode sms = messages.get(0); // newest first
        assertThat(sms.get("channel").asText()).isEqualTo("sms");
        assertThat(sms.get("to").asText()).isEqualTo("+15555550123");
        assertThat(sms.get("code").asText()).isEqualTo("424242");
        JsonNode email = messages.get(1);
        assertThat(email.get("channel").asText()).isEqualTo("email");
        assertThat(email.get("to").asText()).isEqualTo("ada@acme.test");
        assertThat(email.get("subject").asText()).isEqualTo("Log in to Acme");
        assertThat(email.get("link").asText()).isEqualTo("https://app.acme.test/auth?token=tok-77");
        assertThat(email.get("token").asText()).isEqualTo("tok-77");
    }

    @Test
    void liveProjectWithoutProviderIsRefusedWithServerUnavailable() {
        Project live = server.app.services().projects().create(Environment.LIVE).project();

        assertThatThrownBy(() -> inTransaction(
                        server, h -> server.app.services().messages().email(h, live, loginEmail("bo@acme.test"))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.SERVER_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("LATCHKEY_SMTP_HOST");
                });
        assertThatThrownBy(() -> inTransaction(server, h -> server.app
                        .services()
                        .messages()
                        .sms(h, live, TEMPLATES.renderSms("en", "+15555550123", "1", 2))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.SERVER_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("LATCHKEY_SMS_ACCOUNT_SID");
                });
        assertThat(server.app.services().outbox().list(live, 10)).isEmpty();
        assertThat(server.pendingOutboxMessages()).isZero();
    }

    @Test
    void configuredProvidersServeTestAndLiveProjectsAlikeThroughTheOutbox() throws IOException {
        AtomicInteger smsPosts = new AtomicInteger();
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            smsPosts.incrementAndGet();
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        provider.start();
        try (TestServer configured = new TestServer(Map.of(
                "LATCHKEY_SMTP_HOST", "127.0.0.1",
                "LATCHKEY_SMTP_PORT", Integer.toString(SMTP.getSmtp().getPort()),
                "LATCHKEY_SMTP_TLS", "none",
                "LATCHKEY_SMTP_FROM", "login@acme.test",
                "LATCHKEY_SMS_BASE_URL",
                        "http://127.0.0.1:" + provider.getAddress().getPort(),
                "LATCHKEY_SMS_ACCOUNT_SID", "AC1",
                "LATCHKEY_SMS_AUTH_TOKEN", "token",
                "LATCHKEY_SMS_FROM", "+15555550100"))) {
            Outbox outbox = configured.app.services().messages();
            Project test = configured.newProject().project();
            Project live = configured
                    .app
                    .services()
                    .projects()
                    .create(Environment.LIVE)
                    .project();

            inTransaction(configured, h -> {
                outbox.email(h, test, loginEmail("test@acme.test"));
                outbox.email(h, live, loginEmail("live@acme.test"));
                outbox.sms(h, test, TEMPLATES.renderSms("en", "+15555550123", "1", 2));
                outbox.sms(h, live, TEMPLATES.renderSms("en", "+15555550124", "2", 2));
            });

            Eventually.within(
                    Duration.ofSeconds(10),
                    "two emails and two SMS",
                    () -> SMTP.getReceivedMessages().length == 2 && smsPosts.get() == 2);
            Eventually.within(
                    Duration.ofSeconds(5), "the outbox to empty", () -> configured.pendingOutboxMessages() == 0);
            assertThat(configured.app.services().outbox().list(test, 10)).isEmpty();
        } finally {
            provider.stop(0);
        }
    }

    private static void inTransaction(TestServer server, Consumer<Handle> work) {
        server.app.services().database().inTransaction(h -> {
            work.accept(h);
            return null;
        });
    }
}
