package dev.latchkey.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.latchkey.project.Environment;
import dev.latchkey.project.Project;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSmsSenderTest {
    private static final Project PROJECT =
            new Project("project-live-00000000-0000-0000-0000-000000000002", Environment.LIVE, "pt", Instant.EPOCH);
    private static final SmsMessage MESSAGE =
            new SmsMessage("+15555550123", "Your verification code is 424242. It expires in 2 minutes.", "424242");

    /** One request as the fake provider saw it. */
    record Seen(String method, String path, String authorization, String contentType, Map<String, String> form) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer provider;
    private volatile int status = 201;
    private volatile String answer = "{\"sid\":\"SM1\",\"status\":\"queued\"}";

    @BeforeEach
    void startProvider() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    form(body)));
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        provider.start();
    }

    @AfterEach
    void stopProvider() {
        provider.stop(0);
    }

    private URI base(String path) {
        return URI.create("http://127.0.0.1:" + provider.getAddress().getPort() + path);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        return form;
    }

    @Test
    void sendPostsTheTwilioMessagesShapeWithBasicAuth() {
        new HttpSmsSender(new DeliveryConfig.Sms(base(""), "AC0123", "auth-token", "+15555550100"))
                .send(PROJECT.id(), MESSAGE);

        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.method()).isEqualTo("POST");
            assertThat(s.path()).isEqualTo("/2010-04-01/Accounts/AC0123/Messages.json");
            assertThat(s.authorization())
                    .isEqualTo("Basic "
                            + Base64.getEncoder().encodeToString("AC0123:auth-token".getBytes(StandardCharsets.UTF_8)));
            assertThat(s.contentType()).startsWith("application/x-www-form-urlencoded");
            assertThat(s.form())
                    .containsExactly(
                            Map.entry("To", "+15555550123"),
                            Map.entry("From", "+15555550100"),
                            Map.entry("Body", MESSAGE.text()));
        });
    }

    @Test
    void sendWithAMessagingServiceSidUsesItsOwnFieldAndABaseUrlWithAPath() {
        String service = "MG0123456789abcdef0123456789abcdef";
        new HttpSmsSender(new DeliveryConfig.Sms(base("/sms-proxy/"), "AC0123", "auth-token", service))
                .send(PROJECT.id(), MESSAGE);

        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("/sms-proxy/2010-04-01/Accounts/AC0123/Messages.json");
            assertThat(s.form()).containsEntry("MessagingServiceSid", service).doesNotContainKey("From");
        });
    }

    @Test
    void sendWhenTheProviderRefusesThenRaisesAndLogsItsErrorButNotTheText() {
        status = 400;
        answer = "{\"code\":21211,\"message\":\"The 'To' number +15555550123 is not a valid phone number.\","
                + "\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}";
        HttpSmsSender sender = new HttpSmsSender(new DeliveryConfig.Sms(base(""), "AC0123", "auth-token", "+1555"));

        try (LogCapture log = new LogCapture(HttpSmsSender.class)) {
            assertThatThrownBy(() -> sender.send(PROJECT.id(), MESSAGE))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("HTTP 400")
                    .hasMessageContaining("21211");
            assertThat(log.lines())
                    .singleElement()
                    .asString()
                    .contains("+15555550123", PROJECT.id(), "400", "21211", "is not a valid phone number")
                    .doesNotContain("424242");
        }
    }

    @Test
    void sendWhenTheProviderAnswersWithoutJsonThenStillRaises() {
        status = 502;
        answer = "<html>Bad gateway</html>";

        assertThatThrownBy(() -> new HttpSmsSender(
                                new DeliveryConfig.Sms(base(""), "AC0123", "auth-token", "+15555550100"))
                        .send(PROJECT.id(), MESSAGE))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("HTTP 502");
    }

    @Test
    void sendWhenTheProviderIsUnreachableThenRaises() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        HttpSmsSender sender = new HttpSmsSender(new DeliveryConfig.Sms(
                URI.create("http://127.0.0.1:" + closedPort), "AC0123", "auth-token", "+15555550100"));

        assertThatThrownBy(() -> sender.send(PROJECT.id(), MESSAGE)).isInstanceOf(DeliveryException.class);
    }
}
