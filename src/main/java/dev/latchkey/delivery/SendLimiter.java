package dev.latchkey.delivery;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Handle;

/**
 * At most one email to an address per second per project (DESIGN.md abuse limits), decided by one
 * conditional upsert so several nodes share the limit.
 */
public final class SendLimiter {
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    private final Clock clock;

    public SendLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Claims the address's send slot; {@code too_many_requests} (429) if it was used less than a second ago. */
    public void acquire(Handle h, Project project, String address) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int claimed = h.createUpdate(
                        """
                        INSERT INTO send_limits (project_id, address, last_sent_at) VALUES (:p, :a, :now)
                        ON CONFLICT (project_id, address) DO UPDATE SET last_sent_at = :now
                        WHERE send_limits.last_sent_at <= :before""")
                .bind("p", project.id())
                .bind("a", address)
                .bind("now", now)
                .bind("before", now.minus(INTERVAL))
                .execute();
        if (claimed == 0) {
            throw new ApiException(
                    ErrorType.TOO_MANY_REQUESTS, "Too many messages to this address; try again in a second.");
        }
    }
}
