package dev.latchkey.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SMS through an API shaped like Twilio's Messages API: {@code POST
 * {baseUrl}/2010-04-01/Accounts/{accountSid}/Messages.json}, a form body and HTTP Basic
 * {@code accountSid:authToken}. Any provider (or proxy) that speaks this shape works.
 */
public final class HttpSmsSender implements SmsSender {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSmsSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final DeliveryConfig.Sms sms;
    private final URI endpoint;
    private final String authorization;
    private final HttpClient http;

    public HttpSmsSender(DeliveryConfig.Sms sms) {
        this.sms = sms;
        String base = sms.baseUrl().toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + "/2010-04-01/Accounts/" + encode(sms.accountSid()) + "/Messages.json");
        this.authorization = "Basic "
                + Base64.getEncoder()
                        .encodeToString((sms.accountSid() + ":" + sms.authToken()).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER) // never replay the credentials elsewhere
                .build();
    }

    /**
     * Posts {@code message} and returns once the provider accepted it (any 2xx).
     *
     * @throws DeliveryException when the provider answers otherwise (logged with status and the provider's
     *     error code and message) or cannot be reached in time; the text is never logged
     */
    @Override
    public void send(String projectId, SmsMessage message) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", message.to());
        // Twilio: a Messaging Service SID goes in its own field and picks the sender itself
        form.put(sms.fromIsMessagingService() ? "MessagingServiceSid" : "From", sms.from());
        form.put("Body", message.text());
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.warn(
                    "SMS to {} for project {} failed: {} unreachable: {}",
                    message.to(),
                    projectId,
                    endpoint,
                    e.toString());
            throw new DeliveryException("SMS delivery to " + message.to() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("SMS delivery to " + message.to() + " interrupted", e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            ProviderError error = ProviderError.parse(response.body());
            LOG.warn(
                    "SMS to {} for project {} refused: HTTP {}, provider code {}: {}",
                    message.to(),
                    projectId,
                    status,
                    error.code(),
                    error.message());
            throw new DeliveryException(
                    "SMS delivery to " + message.to() + " refused: HTTP " + status + ", provider code " + error.code());
        }
        LOG.debug("SMS sent to {} for project {}", message.to(), projectId);
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Twilio's error body: {@code {"code": 21211, "message": "…", "more_info": "…", "status": 400}}. */
    private record ProviderError(String code, String message) {
        static ProviderError parse(String body) {
            try {
                JsonNode n = JSON.readTree(body);
                if (n != null && n.isObject()) {
                    return new ProviderError(text(n.get("code")), text(n.get("message")));
                }
            } catch (IOException e) {
                // not JSON (a proxy's HTML error page, say): the status alone has to do
            }
            return new ProviderError(null, null);
        }

        private static String text(JsonNode n) {
            return n == null || n.isNull() ? null : n.asText();
        }
    }
}
