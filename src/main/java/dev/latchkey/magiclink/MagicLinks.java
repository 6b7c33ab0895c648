package dev.latchkey.magiclink;

import dev.latchkey.crypto.Digests;
import dev.latchkey.crypto.Pkce;
import dev.latchkey.crypto.Tokens;
import dev.latchkey.delivery.Links;
import dev.latchkey.delivery.MessageTemplates;
import dev.latchkey.delivery.Outbox;
import dev.latchkey.delivery.TemplateKind;
import dev.latchkey.discovery.DiscoveryResult;
import dev.latchkey.discovery.DiscoveryService;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.EmailAddresses;
import dev.latchkey.member.EmailUpdateService;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.NewMember;
import dev.latchkey.member.StartEmailUpdate;
import dev.latchkey.mfa.AuthOutcome;
import dev.latchkey.mfa.PrimaryAuth;
import dev.latchkey.mfa.PrimaryContext;
import dev.latchkey.organization.EmailPolicy;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.project.RedirectKind;
import dev.latchkey.project.RedirectUrls;
import dev.latchkey.session.AuthenticationFactor;
import dev.latchkey.store.Database;
import dev.latchkey.throttle.Throttle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Email magic links (SPEC §4.2): login-or-signup, invites, discovery, and redeeming a link. Links are single use;
 * login and signup links live 60 minutes, invites a week, discovery links 60 minutes.
 */
public final class MagicLinks {
    static final int LOGIN_MINUTES = 60;
    static final int INVITE_MINUTES = 10_080;
    /** The longest link the backend may ask for (Stytch's range is 5..10080 minutes). */
    public static final int MAX_EXPIRATION_MINUTES = 10_080;
    /**
     * The longest link a browser may ask for (/sdk/v1): the browser holds only a public token, so it may not make a
     * login link outlive an hour. Omitted, a link gets the server's default (an invite: a week).
     */
    public static final int SDK_MAX_EXPIRATION_MINUTES = 60;

    static final String TOKEN_TYPE = "multi_tenant_magic_links";
    static final String DISCOVERY_TOKEN_TYPE = "discovery";

    private final Database db;
    private final MagicLinkStore store;
    private final OrganizationService organizations;
    private final MemberService members;
    private final EmailUpdateService emailUpdates;
    private final RedirectUrls redirects;
    private final Throttle throttle;
    private final Outbox outbox;
    private final MessageTemplates templates;
    private final PrimaryAuth primary;
    private final DiscoveryService discovery;
    private final Clock clock;

    public MagicLinks(
            Database db,
            MagicLinkStore store,
            OrganizationService organizations,
            MemberService members,
            EmailUpdateService emailUpdates,
            RedirectUrls redirects,
            Throttle throttle,
            Outbox outbox,
            MessageTemplates templates,
            PrimaryAuth primary,
            DiscoveryService discovery,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.organizations = organizations;
        this.members = members;
        this.emailUpdates = emailUpdates;
        this.redirects = redirects;
        this.throttle = throttle;
        this.outbox = outbox;
        this.templates = templates;
        this.primary = primary;
        this.discovery = discovery;
        this.clock = clock;
    }

    /** What login_or_signup and invite answer. */
    public record Sent(Organization organization, Member member, boolean memberCreated) {}

    /**
     * {@code magic_links/email/login_or_signup}: a login link for an active member, a signup link otherwise; an
     * unknown address becomes a {@code pending} member if the organization lets its domain join. Raises
     * {@code email_jit_provisioning_not_allowed}, {@code invalid_email_for_jit_provisioning}, the redirect URL
     * errors, {@code too_many_requests}, {@code invalid_expiration} for an expiry outside 5..{@link #MAX_EXPIRATION_MINUTES}.
     */
    public Sent loginOrSignup(Project project, LoginOrSignup request) {
        return loginOrSignup(project, request, MAX_EXPIRATION_MINUTES, false);
    }

    /**
     * The browser's {@code magic_links/email/login_or_signup}: as {@link #loginOrSignup}, but nothing it answers
     * depends on whether the address is a member. Both redirect URLs are resolved, and the send limit counted, before
     * the address is looked up; an address the organization would not let sign up is sent nothing, without an error.
     * Links live at most {@link #SDK_MAX_EXPIRATION_MINUTES}. Raises the redirect URL errors,
     * {@code invalid_expiration}, {@code too_many_requests}.
     */
    public void loginOrSignupUniformly(Project project, LoginOrSignup request) {
        loginOrSignup(project, request, SDK_MAX_EXPIRATION_MINUTES, true);
    }

    private Sent loginOrSignup(Project project, LoginOrSignup r, int maxMinutes, boolean uniform) {
        String address = EmailAddresses.normalize(r.emailAddress());
        String challenge = Pkce.challenge(r.codeChallenge());
        return db.inTransaction(h -> {
            Organization org = organizations.require(h, project, r.orgKey());
            if (uniform) {
                redirects.resolve(h, project, RedirectKind.LOGIN, r.loginUrl());
                redirects.resolve(h, project, RedirectKind.SIGNUP, r.signupUrl());
                minutes(r.loginMinutes(), LOGIN_MINUTES, maxMinutes);
                minutes(r.signupMinutes(), LOGIN_MINUTES, maxMinutes);
                throttle.sendTo(h, project, address);
            }
            MemberService.Provisioned found;
            try {
                found = members.findOrSignUp(h, project, org, address);
            } catch (ApiException refused) {
                if (uniform && EmailPolicy.isJitRefusal(refused)) {
                    return null;
                }
                throw refused;
            }
            Member member = found.member();
            boolean created = found.created();
            boolean login = member.isActive();
            String url = redirects.resolve(
                    h, project, login ? RedirectKind.LOGIN : RedirectKind.SIGNUP, login ? r.loginUrl() : r.signupUrl());
            int minutes = minutes(login ? r.loginMinutes() : r.signupMinutes(), LOGIN_MINUTES, maxMinutes);
            if (!uniform) {
                throttle.sendTo(h, project, address);
            }
            send(
                    h,
                    project,
                    org,
                    member,
                    address,
                    login ? MagicLink.LOGIN : MagicLink.SIGNUP,
                    url,
                    challenge,
                    minutes,
                    r.locale(),
                    login ? TemplateKind.MAGIC_LINK_LOGIN : TemplateKind.MAGIC_LINK_SIGNUP,
                    TOKEN_TYPE);
            return new Sent(org, member, created);
        });
    }

    /**
     * {@code magic_links/email/invite}: the address becomes (or stays) an {@code invited} member and is sent an
     * invite link valid for a week. An active member cannot be invited ({@code duplicate_member_email}). Raises
     * {@code invalid_email_for_invites} and the invite redirect URL errors.
     */
    public Sent invite(Project project, String orgKey, Invite invite, int maxMinutes) {
        String address = EmailAddresses.normalize(invite.emailAddress());
        int minutes = minutes(invite.expirationMinutes(), INVITE_MINUTES, maxMinutes);
        return db.inTransaction(h -> {
            Organization org = organizations.require(h, project, orgKey);
            EmailPolicy.requireInvite(org, EmailAddresses.domain(address));
            String url = redirects.resolve(h, project, RedirectKind.INVITE, invite.redirectUrl());
            Member member = members.findByEmail(h, project, org, address);
            boolean created = false;
            if (member == null) {
                member = members.create(
                        h,
                        project,
                        org,
                        new NewMember(
                                address,
                                invite.name(),
                                invite.trustedMetadata(),
                                invite.untrustedMetadata(),
                                true,
                                false,
                                null,
                                false,
                                invite.roles(),
                                null));
                created = true;
            } else if (member.isActive()) {
                throw new ApiException(
                        ErrorType.DUPLICATE_MEMBER_EMAIL,
                        address + " is already an active member of this organization.");
            }
            Member.Builder b = members.lock(h, member).toBuilder();
            b.status = Member.INVITED;
            member = members.save(h, b.build(now()));
            store.revokeInvites(h, project.id(), member.id(), now());
            throttle.sendTo(h, project, address);
            send(
                    h,
                    project,
                    org,
                    member,
                    address,
                    MagicLink.INVITE,
                    url,
                    null,
                    minutes,
                    invite.locale(),
                    TemplateKind.INVITE,
                    TOKEN_TYPE);
            return new Sent(org, member, created);
        });
    }

    /**
     * {@code magic_links/authenticate}: redeems a login, signup, invite or email-change link (single use). The member
     * becomes active with a verified email (an email-change link first moves it to the new address), then the MFA
     * decision runs. Raises {@code unable_to_auth_magic_link} (also when the member was deleted since), the PKCE
     * errors (a PKCE failure does not use the link up) and, for an email change, those of
     * {@link EmailUpdateService#apply}.
     */
    public AuthOutcome authenticate(Project project, String token, String codeVerifier, PrimaryContext ctx) {
        return db.inTransaction(h -> {
            MagicLink link = redeem(h, project, token, false, codeVerifier);
            Organization org;
            Member member;
            try {
                org = organizations.require(h, project, link.organizationId());
                member = members.requireIn(h, project, org, link.memberId());
            } catch (ApiException gone) {
                // SPEC §4.2: deleting the member revokes its links, so the answer is the dead link's
                // (docs/compatibility.md); the transaction rolls back and the member stays deleted.
                throw unable();
            }
            // An email-change link verifies the new address and moves the member to it; any other link verifies the
            // address the member has.
            Member verified = MagicLink.EMAIL_UPDATE.equals(link.kind())
                    ? emailUpdates.apply(h, project, org, member.id(), link.email())
                    : members.verifyEmail(h, member);
            return primary.complete(
                    h,
                    project,
                    org,
                    verified,
                    AuthenticationFactor.magicLink(verified.emailId(), verified.email(), now()),
                    ctx);
        });
    }

    /**
     * The confirmation of an email change ({@code start_email_update}), inside its transaction: a single-use login
     * link to the new address, redeemed by {@link #authenticate} like any other. Raises the login redirect URL errors
     * and {@code too_many_requests}.
     */
    public void sendEmailUpdate(
            Handle h,
            Project project,
            Organization org,
            Member member,
            String newAddress,
            StartEmailUpdate request,
            int minutes) {
        String url = redirects.resolve(h, project, RedirectKind.LOGIN, request.loginRedirectUrl());
        throttle.sendTo(h, project, newAddress);
        send(
                h,
                project,
                org,
                member,
                newAddress,
                MagicLink.EMAIL_UPDATE,
                url,
                null,
                minutes,
                request.locale(),
                TemplateKind.EMAIL_UPDATE_LINK,
                TOKEN_TYPE);
    }

    /**
     * {@code magic_links/email/discovery/send}: a discovery link to any address; the answer is the same whether or
     * not the address belongs to a member. Raises the discovery redirect URL errors and {@code too_many_requests}.
     */
    public void sendDiscovery(
            Project project,
            String emailAddress,
            String redirectUrl,
            String codeChallenge,
            Integer minutes,
            int maxMinutes,
            String locale) {
        String address = EmailAddresses.normalize(emailAddress);
        String challenge = Pkce.challenge(codeChallenge);
        int m = minutes(minutes, LOGIN_MINUTES, maxMinutes); // bad input is refused before it spends a send
        db.inTransaction(h -> {
            String url = redirects.resolve(h, project, RedirectKind.DISCOVERY, redirectUrl);
            throttle.sendTo(h, project, address);
            send(
                    h,
                    project,
                    null,
                    null,
                    address,
                    MagicLink.DISCOVERY,
                    url,
                    challenge,
                    m,
                    locale,
                    TemplateKind.DISCOVERY,
                    DISCOVERY_TOKEN_TYPE);
            return null;
        });
    }

    /** {@code magic_links/discovery/authenticate}: an intermediate session bound to the address, and its organizations. */
    public DiscoveryResult authenticateDiscovery(Project project, String token, String codeVerifier) {
        return db.inTransaction(h -> {
            MagicLink link = redeem(h, project, token, true, codeVerifier);
            return discovery.start(
                    h,
                    project,
                    link.email(),
                    AuthenticationFactor.magicLink(project.newId("email"), link.email(), now()));
        });
    }

    /** An invite's fields. */
    public record Invite(
            String emailAddress,
            String redirectUrl,
            String name,
            com.fasterxml.jackson.databind.node.ObjectNode trustedMetadata,
            com.fasterxml.jackson.databind.node.ObjectNode untrustedMetadata,
            List<String> roles,
            Integer expirationMinutes,
            String locale) {}

    private MagicLink redeem(Handle h, Project project, String token, boolean discoveryLink, String codeVerifier) {
        if (token == null || token.isEmpty()) {
            throw unable();
        }
        String digest = Digests.sha256Hex(token);
        String challenge = Pkce.challengeOfVerifier(codeVerifier);
        Instant now = now();
        Optional<MagicLink> used = store.consume(h, project.id(), digest, discoveryLink, challenge, now);
        if (used.isPresent()) {
            return used.get();
        }
        Optional<MagicLink> row = store.find(h, project.id(), digest);
        boolean live = row.isPresent()
                && row.get().consumedAt() == null
                && row.get().expiresAt().isAfter(now)
                && MagicLink.DISCOVERY.equals(row.get().kind()) == discoveryLink;
        throw live ? Pkce.whyNot(row.get().codeChallenge(), challenge) : unable();
    }

    private void send(
            Handle h,
            Project project,
            Organization org,
            Member member,
            String address,
            String kind,
            String url,
            String challenge,
            int minutes,
            String locale,
            TemplateKind template,
            String tokenType) {
        String token = Tokens.token();
        Instant now = now();
        MagicLink link = new MagicLink(
                project.newId("magic-link"),
                project.id(),
                org == null ? null : org.id(),
                member == null ? null : member.id(),
                address,
                kind,
                challenge,
                now.plus(Duration.ofMinutes(minutes)),
                null);
        store.insert(h, link, Digests.sha256Hex(token), now);
        Map<String, String> values = new java.util.HashMap<>();
        values.put("link", Links.withToken(url, tokenType, token));
        values.put("token", token);
        values.put("expiration_minutes", Integer.toString(minutes));
        if (org != null) {
            values.put("organization_name", org.name());
        }
        outbox.email(h, project, templates.render(template, locale, address, values));
    }

    /** The expiry asked for (0 or null: {@code fallback}); {@code invalid_expiration} outside 5..{@code max}. */
    private static int minutes(Integer given, int fallback, int max) {
        if (given == null || given == 0) {
            return fallback;
        }
        if (given < 5 || given > max) {
            throw new ApiException(
                    ErrorType.INVALID_EXPIRATION, "Link expiration must be between 5 and " + max + " minutes.");
        }
        return given;
    }

    private static ApiException unable() {
        return new ApiException(
                ErrorType.UNABLE_TO_AUTH_MAGIC_LINK, "The magic link is unknown, already used or expired.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
