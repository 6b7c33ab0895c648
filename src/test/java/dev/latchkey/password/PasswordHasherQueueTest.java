package dev.latchkey.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the Argon2 queue is bounded in length and in wait, so a flood of password checks is refused at once with
 * {@code server_unavailable} and {@code Retry-After} instead of waiting without end. The hashes here are made slow
 * (32 MiB, 8 passes: about 200 ms, ten times the 20 ms wait below) so that one holds the only pool thread while the
 * test looks.
 */
class PasswordHasherQueueTest {
    private static final PasswordHasher.Argon2Params SLOW = new PasswordHasher.Argon2Params(32_768, 8, 1);

    @Test
    void verifyWhenPermitTakenAndQueueFullThenRefusedAtOnceWithRetryAfter() {
        PasswordHasher hasher = new PasswordHasher(SLOW, new HashingLimits(1, 1, Duration.ofSeconds(60)));
        String stored = hasher.hash("pw");
        CompletableFuture<String> running = onItsOwnThread(() -> hasher.hash("a"));
        CompletableFuture<String> queued = onItsOwnThread(() -> hasher.hash("b"));
        awaitWaiting(hasher, 1);

        long started = System.nanoTime();
        assertThatThrownBy(() -> hasher.verify("pw", stored)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.SERVER_UNAVAILABLE);
            assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(1));
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));

        assertThat(running.join()).startsWith("$argon2id$");
        assertThat(queued.join()).startsWith("$argon2id$");
        assertThat(hasher.refused()).isEqualTo(1);
        assertThat(hasher.verify("pw", stored).matches()).isTrue(); // the queue drained: checks run again
    }

    @Test
    void hashWhenNoPermitFreesWithinMaxWaitThenRefused() {
        PasswordHasher hasher = new PasswordHasher(SLOW, new HashingLimits(1, 8, Duration.ofMillis(20)));
        List<CompletableFuture<String>> both =
                List.of(onItsOwnThread(() -> hasher.hash("a")), onItsOwnThread(() -> hasher.hash("b")));

        // Whichever got the permit first hashes; the other gives up after 20 ms instead of waiting its turn.
        List<Throwable> failures = both.stream()
                .map(f -> f.handle((hash, failure) -> failure).join())
                .filter(Objects::nonNull)
                .map(t -> t instanceof CompletionException c ? c.getCause() : t)
                .toList();
        assertThat(failures).singleElement().isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type())
                .isEqualTo(ErrorType.SERVER_UNAVAILABLE));
        assertThat(hasher.waiting()).isZero();
        assertThat(hasher.refused()).isEqualTo(1);
    }

    @Test
    void limitsWhenOutOfRangeThenRejected() {
        assertThatThrownBy(() -> new HashingLimits(0, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HashingLimits(1, -1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static CompletableFuture<String> onItsOwnThread(Supplier<String> work) {
        return CompletableFuture.supplyAsync(work, r -> Thread.ofPlatform().start(r));
    }

    /** Polls (no clock involved) until {@code n} checks wait for the permit. */
    private static void awaitWaiting(PasswordHasher hasher, int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (hasher.waiting() < n) {
            assertThat(System.nanoTime()).as("%d checks waiting", n).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
