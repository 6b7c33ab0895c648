package dev.latchkey.password;

import dev.latchkey.discovery.DiscoveryResult;
import dev.latchkey.discovery.DiscoveryService;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.EmailAddresses;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.project.RedirectKind;
import dev.latchkey.project.RedirectUrls;
import dev.latchkey.session.AuthenticationFactor;
import dev.latchkey.session.IntermediateSessionService;
import dev.latchkey.session.SessionService;
import dev.latchkey.store.Database;
import dev.latchkey.throttle.Throttle;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The discovery password reset ({@code passwords/discovery/email/reset/start} and {@code …/reset}, cross-organization
 * passwords): one emailed link sets the address's password in every organization where the address is an active
 * member, then starts discovery as {@code passwords/discovery/authenticate} does. Latchkey keeps a password per member,
 * so "the address's password" is the same new password set on each of those members. The reset token is the one
 * machinery of {@link PasswordResets} (random, stored as a digest, single use, expiring, PKCE-bound), bound to the
 * address instead of one member.
 */
public final class PasswordDiscoveryResets {
    private final Database db;
    private final PasswordService passwords;
    private final PasswordResets resets;
    private final OrganizationService organizations;
    private final MemberService members;
    private final RedirectUrls redirects;
    private final DiscoveryService discovery;
    private final Throttle throttle;
    private final ResetCompletion completion;
    private final Clock clock;

    public PasswordDiscoveryResets(
            Database db,
            PasswordService passwords,
            PasswordResets resets,
            OrganizationService organizations,
            MemberService members,
            SessionService sessions,
            IntermediateSessionService intermediate,
            RedirectUrls redirects,
            DiscoveryService discovery,
            Throttle throttle,
            Clock clock) {
        this.db = db;
        this.passwords = passwords;
        this.resets = resets;
        this.organizations = organizations;
        this.members = members;
        this.redirects = redirects;
        this.discovery = discovery;
        this.throttle = throttle;
        this.completion = new ResetCompletion(sessions, resets, intermediate, members);
        this.clock = clock;
    }

    /**
     * Emails a single-use reset link for the address, valid {@code expirationMinutes} (null: 30; at most
     * {@code maxExpirationMinutes}). The discovery redirect URL, when given, must be one of the project's discovery
     * URLs (the email has no "log in without a password" link yet). Raises {@code invalid_email},
     * {@code member_not_found} (no active member has the address: there is no password to set),
     * {@code invalid_expiration}, {@code invalid_pkce_code_challenge}, {@code no_password_reset_redirect_url},
     * {@code invalid_password_reset_redirect_url}, {@code invalid_discovery_redirect_url},
     * {@code too_many_requests}.
     */
    public void start(Project project, DiscoveryResetStart r, int maxExpirationMinutes) {
        String address = EmailAddresses.normalize(r.emailAddress());
        db.inTransaction(h -> {
            String url = redirects.resolve(h, project, RedirectKind.RESET_PASSWORD, r.resetPasswordRedirectUrl());
            if (r.discoveryRedirectUrl() != null) {
                redirects.resolve(h, project, RedirectKind.DISCOVERY, r.discoveryRedirectUrl());
            }
            throttle.sendTo(h, project, address); // before the lookup, as on passwords/email/reset/start
            if (activeMembers(h, project, address).isEmpty()) {
                throw noMember();
            }
            resets.startForAddress(
                    h,
                    project,
                    address,
                    url,
                    r.expirationMinutes(),
                    maxExpirationMinutes,
                    r.codeChallenge(),
                    r.locale());
            return null;
        });
    }

    /**
     * Consumes the address's token, sets the new password (strength-checked against the address) on each active
     * member of the address, marks their email verified, ends what their old passwords could have opened
     * ({@link ResetCompletion}), and starts discovery with a password factor for each of them: the intermediate
     * session enters those members' organizations under each organization's own rules (MFA included); elsewhere an
     * email-verifying factor must come first, as after {@code passwords/discovery/authenticate}. Raises
     * {@code unable_to_auth_password_reset_token}, the PKCE errors, {@code weak_password} /
     * {@code breached_password} and {@code member_not_found}; on any of them nothing is written and a live token
     * stays usable.
     */
    public DiscoveryResult reset(Project project, String token, String password, String codeVerifier) {
        return db.inTransaction(h -> {
            String address = resets.consumeForAddress(h, project, token, codeVerifier);
            List<Member> active = activeMembers(h, project, address);
            if (active.isEmpty()) {
                throw noMember();
            }
            List<AuthenticationFactor> factors = new ArrayList<>();
            for (Member m : active) {
                Organization org = organizations.require(h, project, m.organizationId());
                Member updated = passwords.setPassword(h, project, members.verifyEmail(h, m), password);
                completion.complete(h, project, org, updated, null, null, null);
                factors.add(AuthenticationFactor.password(
                        updated.emailId(), updated.email(), clock.instant().truncatedTo(ChronoUnit.MICROS)));
            }
            return discovery.start(h, project, address, factors);
        });
    }

    private List<Member> activeMembers(Handle h, Project project, String address) {
        return members.findAllByEmail(h, project, address).stream()
                .filter(Member::isActive)
                .toList();
    }

    private static ApiException noMember() {
        return new ApiException(ErrorType.MEMBER_NOT_FOUND, "No active member has that email address.");
    }
}
