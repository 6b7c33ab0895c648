package dev.latchkey.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HashRateTest {
    static final PasswordHasher.Argon2Params CHEAP = new PasswordHasher.Argon2Params(64, 1, 1);

    @Test
    void countsTheHashesOfEveryThreadOverTheMeasuredTime() {
        HashRate.Result r = HashRate.measure(CHEAP, 2, Duration.ZERO, Duration.ofMillis(300));

        assertThat(r.threads()).isEqualTo(2);
        assertThat(r.hashes()).isPositive();
        assertThat(r.measured()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(r.perSecond())
                .isCloseTo(r.hashes() / (r.measured().toNanos() / 1e9), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void refusesNoThreadsOrNoTime() {
        assertThatThrownBy(() -> HashRate.measure(CHEAP, 0, Duration.ZERO, Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HashRate.measure(CHEAP, 1, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
