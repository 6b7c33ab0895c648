package dev.latchkey.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxConfigTest {
    @Test
    void backoffDoublesFromTheFirstWaitUpToTheCap() {
        OutboxConfig c = OutboxConfig.DEFAULTS;
        assertThat(c.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(c.backoff(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(c.backoff(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.backoff(1_000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void environmentOverridesEachSettingAndKeepsTheRestAtTheirDefaults() {
        OutboxConfig c = OutboxConfig.fromEnvironment(Map.of(
                "LATCHKEY_OUTBOX_MAX_ATTEMPTS", "3",
                "LATCHKEY_OUTBOX_BACKOFF_FIRST_MILLIS", "500",
                "LATCHKEY_OUTBOX_SENDERS", " 8 "));
        assertThat(c.maxAttempts()).isEqualTo(3);
        assertThat(c.firstBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.senders()).isEqualTo(8);
        assertThat(c.lease()).isEqualTo(OutboxConfig.DEFAULTS.lease());
        assertThat(OutboxConfig.fromEnvironment(Map.of())).isEqualTo(OutboxConfig.DEFAULTS);
        assertThat(DeliveryConfig.fromEnvironment(Map.of("LATCHKEY_OUTBOX_SENDERS", "2"))
                        .outbox()
                        .senders())
                .isEqualTo(2);
    }

    @Test
    void nonsenseStopsStartUpWithTheVariableNamed() {
        assertThatThrownBy(() -> OutboxConfig.fromEnvironment(Map.of("LATCHKEY_OUTBOX_SENDERS", "0")))
                .hasMessageContaining("LATCHKEY_OUTBOX_SENDERS");
        assertThatThrownBy(() -> OutboxConfig.fromEnvironment(Map.of("LATCHKEY_OUTBOX_LEASE_SECONDS", "soon")))
                .hasMessageContaining("LATCHKEY_OUTBOX_LEASE_SECONDS");
        assertThatThrownBy(() -> OutboxConfig.fromEnvironment(Map.of("LATCHKEY_OUTBOX_BACKOFF_MAX_SECONDS", "0")))
                .hasMessageContaining("LATCHKEY_OUTBOX_BACKOFF_MAX_SECONDS");
    }
}
