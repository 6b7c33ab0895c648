package dev.latchkey.password;

import dev.latchkey.discovery.DiscoveryResult;
import dev.latchkey.discovery.DiscoveryService;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.EmailAddresses;
import dev.latchkey.member.Lockout;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.mfa.AuthOutcome;
import dev.latchkey.mfa.PrimaryAuth;
import dev.latchkey.mfa.PrimaryContext;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.session.AuthenticationFactor;
import dev.latchkey.session.IntermediateSessionService;
import dev.latchkey.session.IssuedSession;
import dev.latchkey.session.SessionCredentials;
import dev.latchkey.session.SessionOptions;
import dev.latchkey.session.SessionRef;
import dev.latchkey.session.SessionService;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Logging in with a password, and the three resets (SPEC §4.1). Each verified password is handed to
 * {@link PrimaryAuth}, which issues a session or says what MFA still needs.
 */
public final class PasswordLogins {
    /** passwords/session/reset needs a factor this fresh (SPEC §4.1). */
    static final Duration SESSION_RESET_WINDOW = Duration.ofMinutes(5);

    private final Database db;
    private final PasswordService passwords;
    private final PasswordResets resets;
    private final OrganizationService organizations;
    private final MemberService members;
    private final SessionService sessions;
    private final IntermediateSessionService intermediate;
    private final PrimaryAuth primary;
    private final Lockout lockout;
    private final DiscoveryService discovery;
    private final ResetCompletion completion;
    private final Clock clock;

    public PasswordLogins(
            Database db,
            PasswordService passwords,
            PasswordResets resets,
            OrganizationService organizations,
            MemberService members,
            SessionService sessions,
            IntermediateSessionService intermediate,
            PrimaryAuth primary,
            Lockout lockout,
            DiscoveryService discovery,
            Clock clock) {
        this.db = db;
        this.passwords = passwords;
        this.resets = resets;
        this.organizations = organizations;
        this.members = members;
        this.sessions = sessions;
        this.intermediate = intermediate;
        this.primary = primary;
        this.lockout = lockout;
        this.discovery = discovery;
        this.completion = new ResetCompletion(sessions, resets, intermediate, members);
        this.clock = clock;
    }

    /**
     * {@code passwords/authenticate}. An unknown address and a wrong password both answer
     * {@code unauthorized_credentials} after the same statements and the same Argon2id work, so neither the answer
     * nor its time tells which addresses are members. Raises {@code user_lock_limit_reached} for a locked member,
     * also only after the hash, and {@code member_reset_password} for a right password that
     * {@code passwords/email/require_reset} marked.
     */
    public AuthOutcome authenticate(Project project, String orgKey, String email, String password, PrimaryContext ctx) {
        String normalized = EmailAddresses.normalize(email);
        // Read, then hash with no connection held, then write: the Argon2id work dominates a login.
        Member found = db.withHandle(
                h -> members.findByEmail(h, project, organizations.require(h, project, orgKey), normalized));
        // An unknown address counts its failure against an id no member has: the same UPDATE, matching no row.
        String memberId = found == null ? PasswordService.NO_MEMBER : found.id();
        try {
            if (found == null) {
                passwords.verifyUnknown(project, password);
                throw unauthorized();
            }
            verifyThenRequireUnlocked(project, found, password);
            return db.inTransaction(h -> {
                Organization org = organizations.require(h, project, orgKey);
                Member member = lockout.lockOnSuccess(h, found);
                return primary.complete(h, project, org, member, factor(member), ctx);
            });
        } catch (ApiException e) {
            throw lockout.onFailure(project, memberId, e);
        }
    }

    /**
     * Checks the password, and only then whether the member is locked: a locked member's answer costs the same
     * Argon2id work as a wrong password's, so the time does not tell a locked account from a wrong guess. A
     * locked member is refused with {@code user_lock_limit_reached} whether or not the password matched.
     */
    private void verifyThenRequireUnlocked(Project project, Member member, String password) {
        ApiException wrong = null;
        boolean resetRequired = false;
        try {
            resetRequired = passwords.verifyOutsideTransaction(project, member, password);
        } catch (ApiException e) {
            wrong = e;
        }
        lockout.requireUnlocked(member);
        if (wrong != null) {
            throw wrong;
        }
        if (resetRequired) {
            // After the lock check: only someone who knows the password learns that it was marked.
            throw new ApiException(
                    ErrorType.MEMBER_RESET_PASSWORD,
                    "This password must be reset before it can be used (passwords/email/require_reset).");
        }
    }

    /**
     * {@code passwords/discovery/authenticate}: the password is checked against every active member with this
     * address; the intermediate session holds a password factor for each unlocked member whose password matched,
     * so it enters those members' organizations (others need an email-verifying method first). The member lock
     * holds here as on {@code passwords/authenticate}: when no unlocked member matched, a failure is counted for
     * each unlocked member of the address (10 lock it, {@link Lockout}), and the answer is
     * {@code user_lock_limit_reached} if a member of the address is locked, else {@code unauthorized_credentials}. A match
     * ends the matched members' runs of failures. Locked members are still hashed, and an unknown address costs
     * one hash, so the time of the answer tells nothing either.
     */
    public DiscoveryResult discoveryAuthenticate(Project project, String email, String password) {
        String normalized = EmailAddresses.normalize(email);
        List<Member> candidates = db.withHandle(h -> members.findAllByEmail(h, project, normalized)).stream()
                .filter(m -> m.isActive() && !m.passwordId().isEmpty())
                .toList();
        if (candidates.isEmpty()) {
            passwords.verifyUnknown(project, password);
            throw lockout.onFailure(project, PasswordService.NO_MEMBER, unauthorized());
        }
        List<Member> matched = new ArrayList<>();
        List<Member> failed = new ArrayList<>();
        ApiException locked = null;
        for (Member m : candidates) {
            try {
                verifyThenRequireUnlocked(project, m, password);
                matched.add(m);
            } catch (ApiException e) {
                if (e.type() == ErrorType.USER_LOCK_LIMIT_REACHED) {
                    locked = e;
                } else if (e.type() == ErrorType.UNAUTHORIZED_CREDENTIALS) {
                    failed.add(m);
                } else {
                    throw e;
                }
            }
        }
        if (matched.isEmpty()) {
            ApiException answer = locked != null ? locked : unauthorized();
            for (Member m : failed) {
                lockout.onFailure(project, m.id(), unauthorized());
            }
            throw answer;
        }
        return db.inTransaction(h -> {
            for (Member m : matched) {
                lockout.onSuccess(h, m);
            }
            return discovery.start(
                    h, project, normalized, matched.stream().map(this::factor).toList());
        });
    }

    /**
     * {@code passwords/email/reset}: consumes the token, sets the password (strength-checked), marks the email
     * verified and ends what the old password could have opened ({@link #completeReset}), then decides as after any
     * password login. Raises
     * {@code too_many_session_arguments} / {@code session_not_found} for bad SESSION_IN, before the token is spent.
     */
    public AuthOutcome emailReset(
            Project project, String token, String password, String codeVerifier, PrimaryContext ctx) {
        return db.inTransaction(h -> {
            requireUsableSession(h, project, ctx);
            Member member = resets.consume(h, project, token, codeVerifier);
            Organization org = organizations.require(h, project, member.organizationId());
            Member updated = passwords.setPassword(h, project, members.verifyEmail(h, member), password);
            completeReset(h, project, org, updated, null, ctx);
            return primary.complete(h, project, org, updated, factor(updated), withoutSession(ctx));
        });
    }

    /**
     * {@code passwords/existing_password/reset}: the old password proves the member (counted and locked as on
     * {@code passwords/authenticate}); what the old password could have opened is ended ({@link #completeReset}).
     * Raises {@code too_many_session_arguments} / {@code session_not_found} for bad SESSION_IN.
     */
    public AuthOutcome existingPasswordReset(
            Project project, String orgKey, String email, String existing, String replacement, PrimaryContext ctx) {
        String normalized = EmailAddresses.normalize(email);
        String[] memberId = {PasswordService.NO_MEMBER};
        try {
            return db.inTransaction(h -> {
                requireUsableSession(h, project, ctx);
                Organization org = organizations.require(h, project, orgKey);
                Member member = members.findByEmail(h, project, org, normalized);
                if (member == null) {
                    passwords.verifyUnknown(h, project, existing);
                    throw unauthorized();
                }
                memberId[0] = member.id();
                ApiException wrong = null;
                boolean resetRequired = false;
                try {
                    resetRequired = passwords.verify(h, project, member, existing);
                } catch (ApiException e) {
                    wrong = e;
                }
                lockout.requireUnlocked(member); // after the hash, as on passwords/authenticate
                if (wrong != null) {
                    throw wrong;
                }
                if (resetRequired) {
                    // A password marked as compromised proves nothing: the member resets by email instead.
                    throw new ApiException(
                            ErrorType.CANNOT_RESET_PASSWORD_WITH_EXISTING_PASSWORD,
                            "This password must be reset by email (passwords/email/require_reset marked it).");
                }
                lockout.onSuccess(h, member);
                Member updated = passwords.setPassword(h, project, member, replacement);
                completeReset(h, project, org, updated, null, ctx);
                return primary.complete(h, project, org, updated, factor(updated), withoutSession(ctx));
            });
        } catch (ApiException e) {
            throw lockout.onFailure(project, memberId[0], e);
        }
    }

    /**
     * {@code passwords/session/reset}: a session with a factor from the last 5 minutes sets a new password; the
     * member's other sessions, intermediate sessions and reset links are ended ({@link #completeReset}). Raises
     * {@code session_too_old_to_reset_password}.
     */
    public SessionReset sessionReset(
            Project project, String orgKey, String password, SessionCredentials creds, SessionOptions opts) {
        return db.inTransaction(h -> {
            Organization org = organizations.require(h, project, orgKey);
            SessionRef ref = sessions.require(h, project, creds);
            if (!ref.session().organizationId().equals(org.id())) {
                throw new ApiException(ErrorType.SESSION_NOT_FOUND, "The session belongs to another organization.");
            }
            Instant freshEnough = clock.instant().minus(SESSION_RESET_WINDOW);
            boolean fresh = ref.session().factors().stream()
                    .anyMatch(f -> f.lastAuthenticatedAt() != null
                            && !f.lastAuthenticatedAt().isBefore(freshEnough));
            if (!fresh) {
                throw new ApiException(
                        ErrorType.SESSION_TOO_OLD_TO_RESET_PASSWORD,
                        "The session must have authenticated within the last 5 minutes to reset the password.");
            }
            Member member = members.requireIn(h, project, org, ref.session().memberId());
            Member updated = passwords.setPassword(h, project, member, password);
            completeReset(h, project, org, updated, ref.session().id(), null);
            IssuedSession s = sessions.touch(h, project, org, updated, ref, null, opts);
            return new SessionReset(org, updated, s);
        });
    }

    private void completeReset(
            Handle h, Project project, Organization org, Member member, String keepSessionId, PrimaryContext ctx) {
        completion.complete(
                h,
                project,
                org,
                member,
                keepSessionId,
                ctx == null ? null : ctx.intermediateSessionToken(),
                ctx == null ? null : ctx.locale());
    }

    /** The outcome of a session reset: the member keeps the session it used. */
    public record SessionReset(Organization organization, Member member, IssuedSession session) {}

    private AuthenticationFactor factor(Member member) {
        return AuthenticationFactor.password(
                member.emailId(), member.email(), clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * SESSION_IN of a reset is checked as on passwords/authenticate (SPEC §0.1: both at once is an error; a session
     * that is not live is {@code session_not_found}), though a live one is not kept: the reset revokes them all.
     */
    private void requireUsableSession(Handle h, Project project, PrimaryContext ctx) {
        sessions.find(h, project, ctx.session());
    }

    /** After a reset every session of the member is revoked, so a session passed in cannot be stepped up. */
    private static PrimaryContext withoutSession(PrimaryContext ctx) {
        return new PrimaryContext(SessionCredentials.NONE, ctx.intermediateSessionToken(), ctx.options(), ctx.locale());
    }

    private static ApiException unauthorized() {
        return new ApiException(ErrorType.UNAUTHORIZED_CREDENTIALS, "The email address and password do not match.");
    }
}
