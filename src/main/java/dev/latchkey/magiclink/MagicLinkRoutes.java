package dev.latchkey.magiclink;

import dev.latchkey.discovery.DiscoveryJson;
import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.JsonBody;
import dev.latchkey.member.MemberJson;
import dev.latchkey.mfa.AuthMfaResponse;
import dev.latchkey.mfa.AuthOutcome;
import dev.latchkey.mfa.PrimaryContext;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.organization.OrganizationRequests;
import dev.latchkey.session.SessionRequests;
import java.time.Clock;

/** {@code /v1/b2b/magic_links/...} (SPEC §4.2). */
public final class MagicLinkRoutes {
    private final MagicLinks links;
    private final Clock clock;

    public MagicLinkRoutes(MagicLinks links, Clock clock) {
        this.links = links;
        this.clock = clock;
    }

    public void addTo(ApiRouter r) {
        r.post("/v1/b2b/magic_links/email/login_or_signup", call -> {
            JsonBody b = call.body();
            return sent(links.loginOrSignup(
                    call.project(),
                    b.requiredString("organization_id"),
                    b.requiredString("email_address"),
                    b.string("login_redirect_url"),
                    b.string("signup_redirect_url"),
                    b.string("pkce_code_challenge"),
                    b.integer("login_expiration_minutes"),
                    b.integer("signup_expiration_minutes"),
                    b.string("locale")));
        });
        r.post("/v1/b2b/magic_links/email/invite", call -> {
            JsonBody b = call.body();
            MagicLinks.Sent s = links.invite(
                    call.project(),
                    b.requiredString("organization_id"),
                    new MagicLinks.Invite(
                            b.requiredString("email_address"),
                            b.string("invite_redirect_url"),
                            b.string("name"),
                            OrganizationRequests.metadata(b, "trusted_metadata"),
                            OrganizationRequests.metadata(b, "untrusted_metadata"),
                            b.stringList("roles"),
                            b.integer("invite_expiration_minutes"),
                            b.string("locale")));
            return new InviteResponse(
                    s.member().id(), MemberJson.of(s.member(), clock.instant()), OrganizationJson.of(s.organization()));
        });
        r.post("/v1/b2b/magic_links/authenticate", call -> {
            JsonBody b = call.body();
            AuthOutcome o = links.authenticate(
                    call.project(),
                    b.requiredString("magic_links_token"),
                    b.string("pkce_code_verifier"),
                    new PrimaryContext(
                            SessionRequests.credentials(b),
                            b.string("intermediate_session_token"),
                            SessionRequests.options(b),
                            b.string("locale")));
            return AuthMfaResponse.of(o, clock.instant(), o.member().emailId(), false, null);
        });
        r.post("/v1/b2b/magic_links/email/discovery/send", call -> {
            JsonBody b = call.body();
            links.sendDiscovery(
                    call.project(),
                    b.requiredString("email_address"),
                    b.string("discovery_redirect_url"),
                    b.string("pkce_code_challenge"),
                    b.integer("discovery_expiration_minutes"),
                    b.string("locale"));
            return null;
        });
        r.post("/v1/b2b/magic_links/discovery/authenticate", call -> {
            JsonBody b = call.body();
            return DiscoveryJson.of(
                    links.authenticateDiscovery(
                            call.project(),
                            b.requiredString("discovery_magic_links_token"),
                            b.string("pkce_code_verifier")),
                    clock.instant());
        });
    }

    private SentResponse sent(MagicLinks.Sent s) {
        return new SentResponse(
                s.member().id(),
                s.memberCreated(),
                MemberJson.of(s.member(), clock.instant()),
                OrganizationJson.of(s.organization()));
    }

    record SentResponse(String memberId, boolean memberCreated, MemberJson member, OrganizationJson organization) {}

    record InviteResponse(String memberId, MemberJson member, OrganizationJson organization) {}
}
