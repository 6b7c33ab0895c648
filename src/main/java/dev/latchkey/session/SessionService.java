package dev.latchkey.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.crypto.Digests;
import dev.latchkey.crypto.Tokens;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberRoles;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.Project;
import dev.latchkey.store.JsonColumns;
import dev.latchkey.store.ReadCache;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Member sessions: start, find by token or JWT, extend, add factors (step-up), list and revoke. Tokens are
 * stored as digests; every answer carries a valid 5-minute JWT whose claims are current (minted now, or moments ago
 * for the very same claims, {@link RecentJwts}).
 */
public final class SessionService {
    public static final int DEFAULT_DURATION_MINUTES = 60;

    /** A session check writes the access time at most this often (see {@link #needsAccessRecorded}). */
    public static final Duration ACCESS_RECORD_INTERVAL = Duration.ofSeconds(30);

    private static final int MIN_DURATION = 5;
    private static final int MAX_DURATION = 527_040;
    private static final int MAX_CLAIMS_BYTES = 4096;
    private static final Set<String> RESERVED_CLAIMS = Set.of(
            "iss",
            "sub",
            "aud",
            "exp",
            "nbf",
            "iat",
            "jti",
            "https://stytch.com/session",
            "https://stytch.com/organization");

    private final SessionStore store;
    private final SessionJwts jwts;
    private final Clock clock;
    private final RecentJwts recentJwts = new RecentJwts();
    // The session id of a JWT whose signature and claims checked out, for a second: a hot JWT is verified
    // once a second, not on every check. Bounded like the session cache, so a retired key's JWTs stop with it.
    private final ReadCache<String, String> verifiedJwts = new ReadCache<>(SessionCache.TTL, 10_000);

    public SessionService(SessionStore store, SessionJwts jwts, Clock clock) {
        this.store = store;
        this.jwts = jwts;
        this.clock = clock;
    }

    /** Starts a session for the member with these factors; default 60 minutes. */
    public IssuedSession start(
            Handle h,
            Project project,
            Organization org,
            Member member,
            List<AuthenticationFactor> factors,
            SessionOptions opts) {
        Instant now = now();
        int minutes = opts.durationMinutes() == null ? DEFAULT_DURATION_MINUTES : duration(opts.durationMinutes());
        MemberSession s = new MemberSession(
                project.newId("member-session"),
                project.id(),
                org.id(),
                member.id(),
                List.copyOf(factors),
                mergeClaims(JsonNodeFactory.instance.objectNode(), opts.customClaims()),
                now,
                now,
                now.plus(Duration.ofMinutes(minutes)));
        String token = Tokens.token();
        store.insert(h, s, Digests.sha256Hex(token));
        return new IssuedSession(s, token, jwt(project, org, member, s));
    }

    /**
     * The live session the credentials prove, with the token to hand back. Raises {@code too_many_session_arguments}
     * when both are given and {@code session_not_found} when the session is unknown, expired, revoked or idle (not
     * authenticated for the project's idle timeout, {@link dev.latchkey.project.SessionLimits}), or the JWT
     * is not one of this project's (an expired-by-{@code exp} JWT of a live session is accepted, SPEC §3.1).
     */
    public Optional<SessionRef> find(Handle h, Project project, SessionCredentials creds) {
        if (creds.isBoth()) {
            throw new ApiException(
                    ErrorType.TOO_MANY_SESSION_ARGUMENTS, "Give session_token or session_jwt, not both.");
        }
        if (creds.isEmpty()) {
            return Optional.empty();
        }
        Instant now = now();
        if (!SessionCredentials.blank(creds.token())) {
            return Optional.of(store.findLiveByDigest(
                            h, project.id(), Digests.sha256Hex(creds.token()), now, idleCutoff(project, now))
                    .map(s -> new SessionRef(s, creds.token()))
                    .orElseThrow(SessionService::notFound));
        }
        String sessionId = jwts.verify(project, creds.jwt())
                .map(VerifiedJwt::memberSessionId)
                .orElseThrow(SessionService::notFound);
        return Optional.of(store.findLive(h, project.id(), sessionId, now, idleCutoff(project, now))
                .map(s -> new SessionRef(s, ""))
                .orElseThrow(SessionService::notFound));
    }

    /**
     * A key naming the session these credentials claim, for {@link SessionCache}: the token's digest, or the
     * session id of a JWT whose signature checks out. Empty when no credential is given; raises like {@link #find}
     * for both, or for a JWT that is not one of this project's.
     */
    Optional<String> cacheKey(Project project, SessionCredentials creds) {
        if (creds.isBoth()) {
            throw new ApiException(
                    ErrorType.TOO_MANY_SESSION_ARGUMENTS, "Give session_token or session_jwt, not both.");
        }
        if (creds.isEmpty()) {
            return Optional.empty();
        }
        if (!SessionCredentials.blank(creds.token())) {
            return Optional.of("token " + project.id() + " " + Digests.sha256Hex(creds.token()));
        }
        String sessionId = verifiedJwts.get(project.id() + " " + creds.jwt(), k -> jwts.verify(project, creds.jwt())
                .map(VerifiedJwt::memberSessionId)
                .orElse(null));
        if (sessionId == null) {
            throw notFound();
        }
        return Optional.of("id " + project.id() + " " + sessionId);
    }

    /** Like {@link #find} but the credentials are required ({@code no_session_arguments}). */
    public SessionRef require(Handle h, Project project, SessionCredentials creds) {
        return find(h, project, creds)
                .orElseThrow(
                        () -> new ApiException(ErrorType.NO_SESSION_ARGUMENTS, "Give session_token or session_jwt."));
    }

    /**
     * Touches a session: records the access, adds {@code added} (if not null), extends it when a duration is given,
     * merges custom claims, and answers with a fresh JWT.
     */
    public IssuedSession touch(
            Handle h,
            Project project,
            Organization org,
            Member member,
            SessionRef ref,
            AuthenticationFactor added,
            SessionOptions opts) {
        Instant now = now();
        MemberSession s = ref.session();
        List<AuthenticationFactor> factors = added == null ? s.factors() : Factors.with(s.factors(), added);
        Instant expires = opts.durationMinutes() == null
                ? s.expiresAt()
                : now.plus(Duration.ofMinutes(duration(opts.durationMinutes())));
        MemberSession updated = new MemberSession(
                s.id(),
                s.projectId(),
                s.organizationId(),
                s.memberId(),
                factors,
                mergeClaims(s.customClaims(), opts.customClaims()),
                s.startedAt(),
                now,
                expires);
        if (!store.update(h, updated)) {
            throw notFound();
        }
        return new IssuedSession(updated, ref.token(), currentJwt(project, org, member, updated));
    }

    /** The member's live sessions (not revoked, expired or idle). */
    public List<MemberSession> list(Handle h, Project project, String memberId) {
        Instant now = now();
        return store.listLive(h, project.id(), memberId, now, idleCutoff(project, now));
    }

    /** The live session with this id, if any. */
    public Optional<MemberSession> findLive(Handle h, Project project, String sessionId) {
        Instant now = now();
        return store.findLive(h, project.id(), sessionId, now, idleCutoff(project, now));
    }

    public void revoke(Handle h, Project project, String sessionId) {
        if (store.revoke(h, project.id(), sessionId, now()) == 0) {
            throw notFound();
        }
    }

    /** Revokes all of a member's sessions except {@code keepId} (null keeps none). */
    public int revokeAll(Handle h, Project project, String memberId, String keepId) {
        return store.revokeAllOfMember(h, project.id(), memberId, keepId, now());
    }

    /**
     * A JWT for the session as it stands: one minted for the same claims moments ago if there is one
     * ({@link RecentJwts}), else a new one, remembered for the next check.
     */
    public String currentJwt(Project project, Organization org, Member member, MemberSession s) {
        return recentJwts.get(
                jwts.activeKid(project),
                s,
                member,
                org,
                clock.instant().truncatedTo(ChronoUnit.SECONDS),
                () -> jwt(project, org, member, s));
    }

    /**
     * Whether a check of this live session must record the access (write {@code last_accessed_at}): when the last
     * recorded access is {@link #ACCESS_RECORD_INTERVAL} old or more. Between such writes the stored time may lag
     * the real last access by less than the interval, so a session may idle out that much early.
     */
    public boolean needsAccessRecorded(MemberSession s) {
        return !now().isBefore(s.lastAccessedAt().plus(ACCESS_RECORD_INTERVAL));
    }

    /** Whether the session is neither expired nor idle now (it was found live, and may have aged since). */
    public boolean isLive(Project project, MemberSession s) {
        Instant now = now();
        return s.expiresAt().isAfter(now) && s.lastAccessedAt().isAfter(idleCutoff(project, now));
    }

    /** The session claim and organization claim of SPEC §5.1, and the custom claims at the top level. */
    private String jwt(Project project, Organization org, Member member, MemberSession s) {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", s.id());
        session.put("started_at", s.startedAt().toString());
        session.put("last_accessed_at", s.lastAccessedAt().toString());
        session.put("expires_at", s.expiresAt().toString());
        session.put("attributes", Map.of("ip_address", "", "user_agent", ""));
        session.put("authentication_factors", JsonColumns.read(JsonColumns.write(s.factors()), List.class));
        session.put("roles", MemberRoles.forSession(member, org, Factors.ssoConnections(s.factors())));
        Map<String, Object> organization = Map.of("organization_id", org.id(), "slug", org.slug());
        @SuppressWarnings("unchecked")
        Map<String, Object> custom = JsonColumns.read(JsonColumns.write(s.customClaims()), Map.class);
        return jwts.mint(project, member.id(), session, organization, custom);
    }

    /** Merges custom claims: a null value deletes a key, reserved claims are ignored, at most 4 KB in all. */
    private static ObjectNode mergeClaims(ObjectNode current, ObjectNode changes) {
        if (changes == null || changes.isEmpty()) {
            return current;
        }
        ObjectNode merged = current.deepCopy();
        for (Map.Entry<String, JsonNode> e : changes.properties()) {
            if (RESERVED_CLAIMS.contains(e.getKey())) {
                continue;
            }
            if (e.getValue().isNull()) {
                merged.remove(e.getKey());
            } else {
                merged.set(e.getKey(), e.getValue());
            }
        }
        if (merged.toString().getBytes(StandardCharsets.UTF_8).length > MAX_CLAIMS_BYTES) {
            throw new ApiException(ErrorType.CUSTOM_CLAIMS_TOO_LARGE, "session_custom_claims must be at most 4 KB.");
        }
        return merged;
    }

    private static int duration(int minutes) {
        if (minutes < MIN_DURATION || minutes > MAX_DURATION) {
            throw new ApiException(
                    ErrorType.INVALID_SESSION_DURATION_MINUTES,
                    "session_duration_minutes must be between 5 and 527040.");
        }
        return minutes;
    }

    static ApiException notFound() {
        return new ApiException(ErrorType.SESSION_NOT_FOUND, "The session is unknown, expired or revoked.");
    }

    /** Sessions last accessed at or before this instant are dead of idleness. */
    private static Instant idleCutoff(Project project, Instant now) {
        return now.minus(project.sessionLimits().idleTimeout());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
