package dev.latchkey.emailotp;

import dev.latchkey.discovery.DiscoveryJson;
import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.JsonBody;
import dev.latchkey.member.MemberJson;
import dev.latchkey.mfa.AuthMfaResponse;
import dev.latchkey.mfa.AuthOutcome;
import dev.latchkey.mfa.PrimaryContext;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.session.SessionRequests;
import java.time.Clock;

/** {@code /v1/b2b/otps/email/...} (SPEC §4.3). */
public final class EmailOtpRoutes {
    private final EmailOtps otps;
    private final Clock clock;

    public EmailOtpRoutes(EmailOtps otps, Clock clock) {
        this.otps = otps;
        this.clock = clock;
    }

    public void addTo(ApiRouter r) {
        r.post("/v1/b2b/otps/email/login_or_signup", call -> {
            JsonBody b = call.body();
            EmailOtps.Sent s = otps.loginOrSignup(
                    call.project(),
                    b.requiredString("organization_id"),
                    b.requiredString("email_address"),
                    b.integer("login_expiration_minutes"),
                    b.integer("signup_expiration_minutes"),
                    b.string("locale"));
            return new SentResponse(
                    s.member().id(),
                    s.memberCreated(),
                    MemberJson.of(s.member(), clock.instant()),
                    OrganizationJson.of(s.organization()));
        });
        r.post("/v1/b2b/otps/email/authenticate", call -> {
            JsonBody b = call.body();
            AuthOutcome o = otps.authenticate(
                    call.project(),
                    b.requiredString("organization_id"),
                    b.requiredString("email_address"),
                    b.requiredString("code"),
                    new PrimaryContext(
                            SessionRequests.credentials(b),
                            b.string("intermediate_session_token"),
                            SessionRequests.options(b),
                            b.string("locale")));
            return AuthMfaResponse.of(o, clock.instant(), o.member().emailId(), null, null);
        });
        r.post("/v1/b2b/otps/email/discovery/send", call -> {
            JsonBody b = call.body();
            otps.sendDiscovery(
                    call.project(),
                    b.requiredString("email_address"),
                    b.integer("discovery_expiration_minutes"),
                    b.string("locale"));
            return null;
        });
        r.post("/v1/b2b/otps/email/discovery/authenticate", call -> {
            JsonBody b = call.body();
            return DiscoveryJson.of(
                    otps.authenticateDiscovery(
                            call.project(), b.requiredString("email_address"), b.requiredString("code")),
                    clock.instant());
        });
    }

    record SentResponse(String memberId, boolean memberCreated, MemberJson member, OrganizationJson organization) {}
}
