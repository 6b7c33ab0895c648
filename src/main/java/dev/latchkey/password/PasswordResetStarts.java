package dev.latchkey.password;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.EmailAddresses;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.OrgMember;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.project.RedirectKind;
import dev.latchkey.project.RedirectUrls;
import dev.latchkey.store.Database;
import dev.latchkey.throttle.Throttle;

/**
 * Starting a password reset by email ({@code passwords/email/reset/start}, SPEC §4.1): the organization, the redirect
 * URL and the address's send throttle, then a reset token for the member ({@link PasswordResets}). Completing the
 * reset is {@link PasswordLogins#emailReset}.
 */
public final class PasswordResetStarts {
    private final Database db;
    private final OrganizationService organizations;
    private final MemberService members;
    private final RedirectUrls redirects;
    private final Throttle throttle;
    private final PasswordResets resets;

    public PasswordResetStarts(
            Database db,
            OrganizationService organizations,
            MemberService members,
            RedirectUrls redirects,
            Throttle throttle,
            PasswordResets resets) {
        this.db = db;
        this.organizations = organizations;
        this.members = members;
        this.redirects = redirects;
        this.throttle = throttle;
        this.resets = resets;
    }

    /**
     * What {@code passwords/email/reset/start} asks: the link is valid {@code expirationMinutes} (null: 30; at most
     * {@code maxExpirationMinutes}, which the surface sets).
     */
    public record Request(
            String orgKey,
            String email,
            String redirectUrl,
            Integer expirationMinutes,
            int maxExpirationMinutes,
            String codeChallenge,
            String locale) {}

    /**
     * {@code passwords/email/reset/start}: emails a single-use reset link. Raises {@code member_not_found},
     * {@code invalid_expiration}, {@code no_password_reset_redirect_url}, {@code invalid_password_reset_redirect_url}.
     */
    public OrgMember start(Project project, Request request) {
        return start(project, request, false);
    }

    /**
     * The browser's {@code passwords/email/reset/start}: as {@link #start}, but an address with no member
     * is sent nothing and answered as a member's is, and its send still counts toward the address's throttle (the
     * transaction commits), so neither the answer nor a later {@code too_many_requests} tells a member from a stranger.
     */
    public void startUniformly(Project project, Request request) {
        start(project, request, true);
    }

    private OrgMember start(Project project, Request r, boolean uniform) {
        return db.inTransaction(h -> {
            Organization org = organizations.require(h, project, r.orgKey());
            String url = redirects.resolve(h, project, RedirectKind.RESET_PASSWORD, r.redirectUrl());
            String address = EmailAddresses.normalize(r.email());
            throttle.sendTo(h, project, address); // before the lookup, so members and strangers count alike
            Member member = members.findByEmail(h, project, org, address);
            if (member == null && uniform) {
                return null;
            }
            if (member == null) {
                throw new ApiException(
                        ErrorType.MEMBER_NOT_FOUND, "No member of this organization has that email address.");
            }
            resets.start(
                    h,
                    project,
                    org,
                    member,
                    url,
                    r.expirationMinutes(),
                    r.maxExpirationMinutes(),
                    r.codeChallenge(),
                    r.locale());
            return new OrgMember(org, member);
        });
    }
}
