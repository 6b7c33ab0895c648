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
import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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

        server.app.services().email().send(project, loginEmail("ada@acme.test"));
        server.clock.advance(Duration.ofSeconds(1));
        server.app.services().sms().send(project, TEMPLATES.renderSms("en", "+15555550123", "424242", 2));

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

        assertThatThrownBy(() -> server.app.services().email().send(live, loginEmail("bo@acme.test")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.SERVER_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("LATCHKEY_SMTP_HOST");
                });
        assertThatThrownBy(
                        () -> server.app.services().sms().send(live, TEMPLATES.renderSms("en", "+15555550123", "1", 2)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.SERVER_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("LATCHKEY_SMS_ACCOUNT_SID");
                });
        assertThat(server.app.services().outbox().list(live, 10)).isEmpty();
    }

    @Test
    void configuredProvidersServeTestAndLiveProjectsAlike() throws IOException {
        AtomicInteger smsPosts = new AtomicInteger();
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            smsPosts.incrementAndGet();
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        provider.start();
        try {
            DeliveryConfig config = new DeliveryConfig(
                    new DeliveryConfig.Smtp(
                            "127.0.0.1",
                            SMTP.getSmtp().getPort(),
                            DeliveryConfig.Tls.NONE,
                            null,
                            null,
                            "login@acme.test",
                            null),
                    new DeliveryConfig.Sms(
                            URI.create(
                                    "http://127.0.0.1:" + provider.getAddress().getPort()),
                            "AC1",
                            "token",
                            "+15555550100"));
            Delivery delivery = new Delivery(config, server.app.services().outbox(), server.clock);
            Project test = server.newProject().project();
            Project live =
                    server.app.services().projects().create(Environment.LIVE).project();

            delivery.email().send(test, loginEmail("test@acme.test"));
            delivery.email().send(live, loginEmail("live@acme.test"));
            delivery.sms().send(test, TEMPLATES.renderSms("en", "+15555550123", "1", 2));
            delivery.sms().send(live, TEMPLATES.renderSms("en", "+15555550124", "2", 2));

            assertThat(SMTP.getReceivedMessages()).hasSize(2);
            assertThat(smsPosts).hasValue(2);
            assertThat(server.app.services().outbox().list(test, 10)).isEmpty();
        } finally {
            provider.stop(0);
        }
    }
}
