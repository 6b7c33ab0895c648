package dev.latchkey.session;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.OrgMember;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The sessions API: authenticate a session, list a member's sessions, revoke one or all. */
public final class SessionAuthenticator {
    private final Database db;
    private final SessionService sessions;
    private final MemberService members;
    private final SessionCache cache;

    public SessionAuthenticator(Database db, SessionService sessions, MemberService members) {
        this.db = db;
        this.sessions = sessions;
        this.members = members;
        this.cache = new SessionCache(db.changes());
    }

    /**
     * {@code sessions/authenticate}: the live session the token or JWT proves, extended when a duration is given,
     * with a current JWT (one minted moments ago for the same claims may be handed out again, {@link RecentJwts}).
     * Raises {@code no_session_arguments}, {@code too_many_session_arguments},
     * {@code session_not_found} (also when its member has been deleted).
     */
    public Authenticated authenticate(Project project, SessionCredentials creds, SessionOptions opts) {
        if (opts.durationMinutes() == null
                && (opts.customClaims() == null || opts.customClaims().isEmpty())) {
            Optional<Authenticated> unchanged = withoutWrite(project, creds);
            if (unchanged.isPresent()) {
                return unchanged.get();
            }
        }
        return db.inTransaction(h -> {
            SessionRef ref = sessions.require(h, project, creds);
            OrgMember om = owner(h, project, ref.session());
            IssuedSession s = sessions.touch(h, project, om.organization(), om.member(), ref, null, opts);
            return new Authenticated(om.organization(), om.member(), s);
        });
    }

    /**
     * The answer to a check that changes nothing, from {@link SessionCache} and without a write: empty when the
     * access must be recorded ({@link SessionService#needsAccessRecorded}) or no credential was given, and the
     * caller then takes the path that writes. The JWT is the one minted moments ago for the same claims, if any.
     */
    private Optional<Authenticated> withoutWrite(Project project, SessionCredentials creds) {
        Optional<String> key = sessions.cacheKey(project, creds);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        SessionCache.Cached c = live(project, key.get(), creds);
        MemberSession s = c.session();
        if (sessions.needsAccessRecorded(s)) {
            return Optional.empty();
        }
        Organization org = c.owner().organization();
        Member member = c.owner().member();
        String jwt = sessions.currentJwt(project, org, member, s);
        String token = creds.token() == null ? "" : creds.token();
        return Optional.of(new Authenticated(org, member, new IssuedSession(s, token, jwt)));
    }

    /** The cached (or else stored) live session of these credentials; {@code session_not_found} if there is none. */
    private SessionCache.Cached live(Project project, String key, SessionCredentials creds) {
        SessionCache.Cached c = cache.get(
                key,
                k -> db.withHandle(h -> {
                    MemberSession s = sessions.require(h, project, creds).session();
                    return new SessionCache.Cached(s, owner(h, project, s));
                }));
        if (!sessions.isLive(project, c.session())) {
            cache.evict(key);
            throw SessionService.notFound();
        }
        return c;
    }

    /**
     * The live session an opaque session token proves, for the browser SDK's {@code Authorization} header. Raises
     * {@code session_not_found} for an unknown, expired or revoked token, or another project's (the SDK then
     * clears its local session instead of retrying).
     */
    public MemberSession caller(Project project, String sessionToken) {
        SessionCredentials creds = new SessionCredentials(sessionToken, null);
        Optional<String> key = sessions.cacheKey(project, creds);
        return key.isPresent()
                ? live(project, key.get(), creds).session()
                : db.withHandle(h -> sessions.require(h, project, creds).session()); // no_session_arguments
    }

    /** The live sessions of a member. */
    public Listed list(Project project, String orgKey, String memberKey) {
        return db.withHandle(h -> {
            OrgMember om = members.require(h, project, orgKey, memberKey);
            return new Listed(
                    om.organization(),
                    om.member(),
                    sessions.list(h, project, om.member().id()));
        });
    }

    /**
     * {@code sessions/revoke}: one session (by id, token or JWT) or all of a member's. Raises
     * {@code no_session_revoke_arguments}, {@code too_many_session_revoke_arguments}, {@code session_not_found}.
     */
    public void revoke(Project project, String sessionId, SessionCredentials creds, String memberId) {
        int given = (blank(sessionId) ? 0 : 1)
                + (blank(creds.token()) ? 0 : 1)
                + (blank(creds.jwt()) ? 0 : 1)
                + (blank(memberId) ? 0 : 1);
        if (given == 0) {
            throw new ApiException(
                    ErrorType.NO_SESSION_REVOKE_ARGUMENTS,
                    "Give member_session_id, session_token, session_jwt or member_id.");
        }
        if (given > 1) {
            throw new ApiException(
                    ErrorType.TOO_MANY_SESSION_REVOKE_ARGUMENTS,
                    "Give only one of member_session_id, session_token, session_jwt and member_id.");
        }
        db.inTransaction(h -> {
            if (!blank(memberId)) {
                Member m = members.requireAnyOrganization(h, project, memberId);
                sessions.revokeAll(h, project, m.id(), null);
            } else if (!blank(sessionId)) {
                sessions.revoke(h, project, sessionId);
            } else {
                sessions.revoke(
                        h,
                        project,
                        sessions.require(h, project, creds).session().id());
            }
            return null;
        });
    }

    /**
     * The browser's {@code sessions/revoke/{member_id}}: revokes every session of the member of {@code organizationId}
     * (the caller's organization) that {@code memberKey} names, by id or external id. Raises {@code member_not_found}
     * for a member of another organization, so the browser cannot reach past its own.
     */
    public void revokeAllOf(Project project, String organizationId, String memberKey) {
        db.inTransaction(h -> {
            OrgMember om = members.require(h, project, organizationId, memberKey);
            sessions.revokeAll(h, project, om.member().id(), null);
            return null;
        });
    }

    private OrgMember owner(Handle h, Project project, MemberSession s) {
        try {
            return members.require(h, project, s.organizationId(), s.memberId());
        } catch (ApiException e) {
            throw SessionService.notFound(); // the member was deleted: its sessions are dead
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    /** The organization, member and session of a successful authenticate. */
    public record Authenticated(Organization organization, Member member, IssuedSession session) {}

    /** A member's live sessions. */
    public record Listed(Organization organization, Member member, List<MemberSession> sessions) {}
}
