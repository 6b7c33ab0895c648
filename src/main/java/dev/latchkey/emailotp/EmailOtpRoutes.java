package dev.latchkey.emailotp;

import dev.latchkey.discovery.DiscoveryJson;
import dev.latchkey.http.ApiCall;
import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkRouter;
import dev.latchkey.member.MemberJson;
import dev.latchkey.mfa.AuthMfaResponse;
import dev.latchkey.mfa.AuthOutcome;
import dev.latchkey.mfa.PrimaryRequests;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.throttle.Throttle;
import java.time.Clock;

/** {@code /v1/b2b/otps/email/...} (SPEC §4.3), on the backend and the SDK. */
public final class EmailOtpRoutes implements FeatureRoutes {
    private final EmailOtps otps;
    private final Throttle throttle;
    private final Clock clock;

    public EmailOtpRoutes(EmailOtps otps, Throttle throttle, Clock clock) {
        this.otps = otps;
        this.throttle = throttle;
        this.clock = clock;
    }

    @Override
    public void addTo(ApiRouter r) {
        r.post("/v1/b2b/otps/email/login_or_signup", this::loginOrSignup);
        r.post("/v1/b2b/otps/email/authenticate", this::authenticate);
        r.post("/v1/b2b/otps/email/discovery/send", this::sendDiscovery);
        r.post("/v1/b2b/otps/email/discovery/authenticate", this::authenticateDiscovery);
    }

    @Override
    public void addSdkTo(SdkRouter r) {
        // The browser's answer is the same for any address (no member details): only a backend learns who is a member.
        r.post("/sdk/v1/b2b/otps/email/login_or_signup", call -> {
            JsonBody b = call.body();
            otps.loginOrSignupUniformly(
                    call.project(),
                    b.requiredString("organization_id"),
                    b.requiredString("email_address"),
                    b.integer("login_expiration_minutes"),
                    b.integer("signup_expiration_minutes"),
                    b.string("locale"));
            return null;
        });
        r.post("/sdk/v1/b2b/otps/email/authenticate", this::authenticate);
        r.post("/sdk/v1/b2b/otps/email/discovery/send", this::sendDiscovery);
        r.post("/sdk/v1/b2b/otps/email/discovery/authenticate", this::authenticateDiscovery);
    }

    private SentResponse loginOrSignup(ApiCall call) {
        JsonBody b = call.body();
        throttle.sendFrom(call.project(), call.clientIp());
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
                MemberJson.of(s.member(), s.organization(), clock.instant()),
                OrganizationJson.of(s.organization()));
    }

    private AuthMfaResponse authenticate(ApiCall call) {
        JsonBody b = call.body();
        throttle.guess(
                call.project(),
                Throttle.member(b.requiredString("organization_id"), b.requiredString("email_address")),
                call.clientIp());
        AuthOutcome o = otps.authenticate(
                call.project(),
                b.requiredString("organization_id"),
                b.requiredString("email_address"),
                b.requiredString("code"),
                PrimaryRequests.context(call));
        return AuthMfaResponse.of(o, clock.instant(), o.member().emailId(), null, null);
    }

    private Object sendDiscovery(ApiCall call) {
        JsonBody b = call.body();
        throttle.sendFrom(call.project(), call.clientIp());
        otps.sendDiscovery(
                call.project(),
                b.requiredString("email_address"),
                b.integer("discovery_expiration_minutes"),
                b.string("locale"));
        return null;
    }

    private DiscoveryJson.AuthenticateResponse authenticateDiscovery(ApiCall call) {
        JsonBody b = call.body();
        throttle.guess(call.project(), b.requiredString("email_address"), call.clientIp());
        return DiscoveryJson.of(
                otps.authenticateDiscovery(call.project(), b.requiredString("email_address"), b.requiredString("code")),
                clock.instant());
    }

    record SentResponse(String memberId, boolean memberCreated, MemberJson member, OrganizationJson organization) {}
}
