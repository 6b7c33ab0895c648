package dev.latchkey.magiclink;

import dev.latchkey.discovery.DiscoveryJson;
import dev.latchkey.http.ApiCall;
import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.http.SdkRouter;
import dev.latchkey.member.MemberJson;
import dev.latchkey.mfa.AuthMfaResponse;
import dev.latchkey.mfa.AuthOutcome;
import dev.latchkey.mfa.PrimaryRequests;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.organization.OrganizationRequests;
import dev.latchkey.throttle.Throttle;
import java.time.Clock;

/** {@code /v1/b2b/magic_links/...} (SPEC §4.2), on the backend and the SDK. */
public final class MagicLinkRoutes implements FeatureRoutes {
    private final MagicLinks links;
    private final Throttle throttle;
    private final Clock clock;

    public MagicLinkRoutes(MagicLinks links, Throttle throttle, Clock clock) {
        this.links = links;
        this.throttle = throttle;
        this.clock = clock;
    }

    @Override
    public void addTo(ApiRouter r) {
        r.post("/v1/b2b/magic_links/email/login_or_signup", this::loginOrSignup);
        r.post(
                "/v1/b2b/magic_links/email/invite",
                call -> invite(call, call.body().requiredString("organization_id"), MagicLinks.MAX_EXPIRATION_MINUTES));
        r.post("/v1/b2b/magic_links/authenticate", this::authenticate);
        r.post(
                "/v1/b2b/magic_links/email/discovery/send",
                call -> sendDiscovery(call, MagicLinks.MAX_EXPIRATION_MINUTES));
        r.post("/v1/b2b/magic_links/discovery/authenticate", this::authenticateDiscovery);
    }

    /**
     * On the SDK an invite is sent by a logged-in member into its own organization (SDK.md §4, open question 4), and
     * an expiry the browser chooses is at most {@link MagicLinks#SDK_MAX_EXPIRATION_MINUTES}.
     */
    @Override
    public void addSdkTo(SdkRouter r) {
        // The browser's answer is the same for any address (no member details): only a backend learns who is a member.
        r.post("/sdk/v1/b2b/magic_links/email/login_or_signup", call -> {
            JsonBody b = call.body();
            throttle.sendFrom(call.project(), call.clientIp());
            links.loginOrSignupUniformly(call.project(), loginOrSignupRequest(b));
            return null;
        });
        r.post(
                "/sdk/v1/b2b/magic_links/email/invite",
                SdkAccess.MEMBER,
                call -> invite(call, call.caller().organizationId(), MagicLinks.SDK_MAX_EXPIRATION_MINUTES));
        r.post("/sdk/v1/b2b/magic_links/authenticate", this::authenticate);
        r.post(
                "/sdk/v1/b2b/magic_links/email/discovery/send",
                call -> sendDiscovery(call, MagicLinks.SDK_MAX_EXPIRATION_MINUTES));
        r.post("/sdk/v1/b2b/magic_links/discovery/authenticate", this::authenticateDiscovery);
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
