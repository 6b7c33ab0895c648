package dev.latchkey.magiclink;

import dev.latchkey.discovery.DiscoveryJson;
import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.Gate;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.member.MemberJson;
import dev.latchkey.mfa.AuthMfaResponse;
import dev.latchkey.mfa.AuthOutcome;
import dev.latchkey.mfa.PrimaryRequests;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.organization.OrganizationRequests;
import dev.latchkey.throttle.Throttle;
import io.javalin.http.HandlerType;
import java.time.Clock;

/** {@code /v1/b2b/magic_links/...} (SPEC §4.2), on the backend and the SDK. */
public final class MagicLinkRoutes implements FeatureRoutes {
    /** An invite creates a member; giving it roles also assigns them (RBAC_SCIM_M2M.md §1.9). */
    private static final Gate INVITE =
            Gate.of(Gate.MEMBER, "create").alsoWhen("roles", Gate.MEMBER, "update.settings.roles");

    private final MagicLinks links;
    private final Throttle throttle;
    private final Clock clock;

    public MagicLinkRoutes(MagicLinks links, Throttle throttle, Clock clock) {
        this.links = links;
        this.throttle = throttle;
        this.clock = clock;
    }

    /**
     * On the SDK an invite is sent by a logged-in member with {@code stytch.member create} into its own organization
     * (SDK.md §4, open question 4), and an expiry the browser chooses is at most
     * {@link MagicLinks#SDK_MAX_EXPIRATION_MINUTES}. The browser's login-or-signup answer is the same for any address
     * (no member details): only a backend learns who is a member.
     */
    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/magic_links/email/login_or_signup").to(this::loginOrSignup);
        e.sdkOnly(HandlerType.POST, "/sdk/v1/b2b/magic_links/email/login_or_signup", SdkAccess.PUBLIC)
                .to(call -> {
                    throttle.sendFrom(call.project(), call.clientIp());
                    links.loginOrSignupUniformly(call.project(), loginOrSignupRequest(call.body()));
                    return null;
                });
        e.post("/v1/b2b/magic_links/email/invite")
                .gate(INVITE)
                .to(call ->
                        invite(call, call.body().requiredString("organization_id"), MagicLinks.MAX_EXPIRATION_MINUTES));
        e.sdkOnly(HandlerType.POST, "/sdk/v1/b2b/magic_links/email/invite", SdkAccess.MEMBER)
                .gate(INVITE)
                .to(call -> invite(call, call.caller().organizationId(), MagicLinks.SDK_MAX_EXPIRATION_MINUTES));
        e.post("/v1/b2b/magic_links/authenticate")
                .sdk("/sdk/v1/b2b/magic_links/authenticate", SdkAccess.PUBLIC)
                .to(this::authenticate);
        e.post("/v1/b2b/magic_links/email/discovery/send")
                .to(call -> sendDiscovery(call, MagicLinks.MAX_EXPIRATION_MINUTES));
        e.sdkOnly(HandlerType.POST, "/sdk/v1/b2b/magic_links/email/discovery/send", SdkAccess.PUBLIC)
                .to(call -> sendDiscovery(call, MagicLinks.SDK_MAX_EXPIRATION_MINUTES));
        e.post("/v1/b2b/magic_links/discovery/authenticate")
                .sdk("/sdk/v1/b2b/magic_links/discovery/authenticate", SdkAccess.PUBLIC)
                .to(this::authenticateDiscovery);
    }

    private SentResponse loginOrSignup(ApiCall call) {
        JsonBody b = call.body();
        throttle.sendFrom(call.project(), call.clientIp());
        MagicLinks.Sent s = links.loginOrSignup(call.project(), loginOrSignupRequest(b));
        return new SentResponse(
                s.member().id(),
                s.memberCreated(),
                MemberJson.of(s.member(), s.organization(), clock.instant()),
                OrganizationJson.of(s.organization()));
    }

    private static LoginOrSignup loginOrSignupRequest(JsonBody b) {
        return new LoginOrSignup(
                b.requiredString("organization_id"),
                b.requiredString("email_address"),
                b.string("login_redirect_url"),
                b.string("signup_redirect_url"),
                b.string("pkce_code_challenge"),
                b.integer("login_expiration_minutes"),
                b.integer("signup_expiration_minutes"),
                b.string("locale"));
    }

    private InviteResponse invite(ApiCall call, String organizationId, int maxMinutes) {
        JsonBody b = call.body();
        throttle.sendFrom(call.project(), call.clientIp());
        MagicLinks.Sent s = links.invite(
                call.project(),
                organizationId,
                new MagicLinks.Invite(
                        b.requiredString("email_address"),
                        b.string("invite_redirect_url"),
                        b.string("name"),
                        OrganizationRequests.metadata(b, "trusted_metadata"),
                        OrganizationRequests.metadata(b, "untrusted_metadata"),
                        b.stringList("roles"),
                        b.integer("invite_expiration_minutes"),
                        b.string("locale")),
                maxMinutes);
        return new InviteResponse(
                s.member().id(),
                MemberJson.of(s.member(), s.organization(), clock.instant()),
                OrganizationJson.of(s.organization()));
    }

    private AuthMfaResponse authenticate(ApiCall call) {
        JsonBody b = call.body();
        AuthOutcome o = links.authenticate(
                call.project(),
                b.requiredString("magic_links_token"),
                b.string("pkce_code_verifier"),
                PrimaryRequests.context(call));
        return AuthMfaResponse.of(o, clock.instant(), o.member().emailId(), false, null);
    }

    private Object sendDiscovery(ApiCall call, int maxMinutes) {
        JsonBody b = call.body();
        throttle.sendFrom(call.project(), call.clientIp());
        links.sendDiscovery(
                call.project(),
                b.requiredString("email_address"),
                b.string("discovery_redirect_url"),
                b.string("pkce_code_challenge"),
                b.integer("discovery_expiration_minutes"),
                maxMinutes,
                b.string("locale"));
        return null;
    }

    private DiscoveryJson.AuthenticateResponse authenticateDiscovery(ApiCall call) {
        JsonBody b = call.body();
        return DiscoveryJson.of(
                links.authenticateDiscovery(
                        call.project(),
                        b.requiredString("discovery_magic_links_token"),
                        b.string("pkce_code_verifier")),
                clock.instant());
    }

    record SentResponse(String memberId, boolean memberCreated, MemberJson member, OrganizationJson organization) {}

    record InviteResponse(String memberId, MemberJson member, OrganizationJson organization) {}
}
