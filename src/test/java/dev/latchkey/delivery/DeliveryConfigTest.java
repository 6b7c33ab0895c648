package dev.latchkey.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.app.Config;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryConfigTest {

    @Test
    void fromEnvironmentWhenNothingSetThenNoProviders() {
        assertThat(DeliveryConfig.fromEnvironment(Map.of())).isEqualTo(DeliveryConfig.none());
        assertThat(DeliveryConfig.fromEnvironment(Map.of("LATCHKEY_SMTP_HOST", " ", "LATCHKEY_SMS_ACCOUNT_SID", "")))
                .isEqualTo(DeliveryConfig.none());
    }

    @Test
    void fromEnvironmentReadsAFullSmtpConfiguration() {
        DeliveryConfig c = DeliveryConfig.fromEnvironment(Map.of(
                "LATCHKEY_SMTP_HOST", "smtp.example.com",
                "LATCHKEY_SMTP_PORT", "2525",
                "LATCHKEY_SMTP_TLS", "TLS",
                "LATCHKEY_SMTP_USERNAME", "mailer",
                "LATCHKEY_SMTP_PASSWORD", " pass word ",
                "LATCHKEY_SMTP_FROM", "\"Acme Login\" <login@acme.test>"));

        assertThat(c.smtp())
                .isEqualTo(new DeliveryConfig.Smtp(
                        "smtp.example.com",
                        2525,
                        DeliveryConfig.Tls.TLS,
                        "mailer",
                        " pass word ",
                        "login@acme.test",
                        "Acme Login"));
        assertThat(c.smtp().authenticates()).isTrue();
        assertThat(c.sms()).isNull();
    }

    @Test
    void fromEnvironmentDefaultsToStarttlsAndThePortOfEachTlsMode() {
        Map<String, String> base = Map.of("LATCHKEY_SMTP_HOST", "mx", "LATCHKEY_SMTP_FROM", "a@b.test");
        DeliveryConfig.Smtp defaults = DeliveryConfig.fromEnvironment(base).smtp();
        assertThat(defaults.tls()).isEqualTo(DeliveryConfig.Tls.STARTTLS);
        assertThat(defaults.port()).isEqualTo(587);
        assertThat(defaults.fromName()).isNull();
        assertThat(defaults.authenticates()).isFalse();
        assertThat(port(base, "none")).isEqualTo(25);
        assertThat(port(base, "tls")).isEqualTo(465);
    }

    private static int port(Map<String, String> base, String tls) {
        Map<String, String> env = new HashMap<>(base);
        env.put("LATCHKEY_SMTP_TLS", tls);
        return DeliveryConfig.fromEnvironment(env).smtp().port();
    }

    @Test
    void fromEnvironmentWhenSmtpIsHalfConfiguredThenRefusesToStart() {
        assertThatThrownBy(() -> DeliveryConfig.fromEnvironment(Map.of("LATCHKEY_SMTP_HOST", "mx")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LATCHKEY_SMTP_FROM");
        assertThatThrownBy(() -> DeliveryConfig.fromEnvironment(Map.of("LATCHKEY_SMTP_FROM", "a@b.test")))
                .hasMessageContaining("LATCHKEY_SMTP_HOST");
        assertThatThrownBy(() -> DeliveryConfig.fromEnvironment(Map.of(
                        "LATCHKEY_SMTP_HOST", "mx", "LATCHKEY_SMTP_FROM", "a@b.test", "LATCHKEY_SMTP_USERNAME", "u")))
                .hasMessageContaining("LATCHKEY_SMTP_PASSWORD");
        assertThatThrownBy(() -> DeliveryConfig.fromEnvironment(Map.of(
                        "LATCHKEY_SMTP_HOST", "mx", "LATCHKEY_SMTP_FROM", "a@b.test", "LATCHKEY_SMTP_TLS", "maybe")))
                .hasMessageContaining("none, starttls or tls");
        assertThatThrownBy(() -> DeliveryConfig.fromEnvironment(Map.of(
                        "LATCHKEY_SMTP_HOST", "mx", "LATCHKEY_SMTP_FROM", "a@b.test", "LATCHKEY_SMTP_PORT", "smtp")))
                .hasMessageContaining("LATCHKEY_SMTP_PORT");
    }

    @Test
    void fromEnvironmentReadsSmsWithTheTwilioBaseUrlByDefault() {
        DeliveryConfig c = DeliveryConfig.fromEnvironment(Map.of(
                "LATCHKEY_SMS_ACCOUNT_SID", "AC123",
                "LATCHKEY_SMS_AUTH_TOKEN", "token",
                "LATCHKEY_SMS_FROM", "+15555550100"));

        assertThat(c.sms())
                .isEqualTo(
                        new DeliveryConfig.Sms(URI.create("https://api.twilio.com"), "AC123", "token", "+15555550100"));
        assertThat(c.sms().fromIsMessagingService()).isFalse();
        assertThat(c.smtp()).isNull();
    }

    @Test
    void fromEnvironmentTakesAMessagingServiceSidAsSender() {
        DeliveryConfig c = DeliveryConfig.fromEnvironment(Map.of(
                "LATCHKEY_SMS_BASE_URL", "http://sms-proxy.internal:8080",
                "LATCHKEY_SMS_ACCOUNT_SID", "AC123",
                "LATCHKEY_SMS_AUTH_TOKEN", "token",
                "LATCHKEY_SMS_FROM", "MG0123456789abcdef0123456789abcdef"));

        assertThat(c.sms().baseUrl()).isEqualTo(URI.create("http://sms-proxy.internal:8080"));
        assertThat(c.sms().fromIsMessagingService()).isTrue();
    }

    @Test
    void fromEnvironmentWhenSmsIsHalfConfiguredThenRefusesToStart() {
        assertThatThrownBy(() -> DeliveryConfig.fromEnvironment(
                        Map.of("LATCHKEY_SMS_ACCOUNT_SID", "AC123", "LATCHKEY_SMS_FROM", "+15555550100")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LATCHKEY_SMS_AUTH_TOKEN");
        assertThatThrownBy(() -> DeliveryConfig.fromEnvironment(Map.of("LATCHKEY_SMS_AUTH_TOKEN", "token")))
                .hasMessageContaining("LATCHKEY_SMS_ACCOUNT_SID");
        assertThatThrownBy(() -> DeliveryConfig.fromEnvironment(Map.of(
                        "LATCHKEY_SMS_BASE_URL", "not a url",
                        "LATCHKEY_SMS_ACCOUNT_SID", "AC123",
                        "LATCHKEY_SMS_AUTH_TOKEN", "token",
                        "LATCHKEY_SMS_FROM", "+15555550100")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsThePasswordOrAuthToken() {
        DeliveryConfig c = DeliveryConfig.fromEnvironment(Map.of(
                "LATCHKEY_SMTP_HOST", "mx",
                "LATCHKEY_SMTP_FROM", "a@b.test",
                "LATCHKEY_SMTP_USERNAME", "mailer",
                "LATCHKEY_SMTP_PASSWORD", "smtp-secret-1",
                "LATCHKEY_SMS_ACCOUNT_SID", "AC123",
                "LATCHKEY_SMS_AUTH_TOKEN", "sms-secret-2",
                "LATCHKEY_SMS_FROM", "+15555550100"));

        assertThat(c.toString()).contains("mx", "AC123").doesNotContain("smtp-secret-1", "sms-secret-2");
    }

    @Test
    void configFromEnvironmentCarriesTheDeliveryConfig() {
        Config config = Config.fromEnvironment(Map.of("LATCHKEY_SMTP_HOST", "mx", "LATCHKEY_SMTP_FROM", "a@b.test"));

        assertThat(config.delivery().smtp().host()).isEqualTo("mx");
    }
}
