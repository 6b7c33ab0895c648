package dev.latchkey.session;

import dev.latchkey.crypto.Digests;
import dev.latchkey.crypto.Tokens;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Lockout;
import dev.latchkey.project.Project;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Issues, reads, extends and consumes intermediate sessions (10 minutes; stored as a digest). */
public final class IntermediateSessionService {
    /** DESIGN.md: an intermediate session lives 10 minutes. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);

    private final IntermediateSessionStore store;
    private final Clock clock;

    public IntermediateSessionService(IntermediateSessionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new intermediate session holding {@code factors}; organization and member may be null (discovery). */
    public IssuedIntermediateSession issue(
            Handle h,
            Project project,
            String organizationId,
            String memberId,
            String email,
            List<AuthenticationFactor> factors) {
        Instant now = now();
        String token = Tokens.token();
        IntermediateSession s = new IntermediateSession(
                project.newId("intermediate-session"),
                project.id(),
                organizationId,
                memberId,
                email,
                List.copyOf(factors),
                now,
                now.plus(LIFETIME));
        store.insert(h, s, Digests.sha256Hex(token));
        return new IssuedIntermediateSession(s, token);
    }

    /** The live intermediate session of this token; {@code intermediate_session_not_found} otherwise. */
    public IntermediateSession require(Handle h, Project project, String token) {
        return store.findLive(h, project.id(), Digests.sha256Hex(token), now())
                .orElseThrow(IntermediateSessionService::notFound);
    }

    /**
     * Consumes the intermediate session: exactly one of any number of concurrent callers gets it; the others get
     * {@code intermediate_session_not_found}.
     */
    public IntermediateSession consume(Handle h, Project project, String token) {
        return store.consume(h, project.id(), Digests.sha256Hex(token), now())
                .orElseThrow(IntermediateSessionService::notFound);
    }

    /**
     * Consumes every live intermediate session of the member (a password reset ends them: each may hold a factor
     * proved with the old password), except the one of {@code keepToken}, which the calling flow goes on to use;
     * {@code keepToken} may be null or empty.
     */
    public void consumeAllOfMember(Handle h, Project project, String memberId, String keepToken) {
        String keep = keepToken == null || keepToken.isEmpty() ? null : Digests.sha256Hex(keepToken);
        store.consumeAllOfMember(h, project.id(), memberId, keep, now());
    }

    /**
     * Counts a wrong second-factor code presented with this intermediate session; after
     * {@link Lockout#WRONG_CODES_PER_INTERMEDIATE_SESSION} of them it is consumed, so one stolen primary factor
     * buys only that many guesses per login (and {@link Lockout} bounds the logins' guesses together).
     */
    public void countWrongCode(Handle h, Project project, String token) {
        store.countWrongCode(
                h, project.id(), Digests.sha256Hex(token), Lockout.WRONG_CODES_PER_INTERMEDIATE_SESSION, now());
    }

    /** Stores changed factors (a primary factor added while requirements are still unmet). */
    public IntermediateSession update(Handle h, IntermediateSession s) {
        if (!store.update(h, s, now())) {
            throw notFound();
        }
        return s;
    }

    private static ApiException notFound() {
        return new ApiException(
                ErrorType.INTERMEDIATE_SESSION_NOT_FOUND,
                "The intermediate session is unknown, expired or already used.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
