package dev.latchkey.emailotp;

import dev.latchkey.discovery.DiscoveryJson;
import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.member.MemberJson;
import dev.latchkey.mfa.AuthMfaResponse;
import dev.latchkey.mfa.AuthOutcome;
import dev.latchkey.mfa.PrimaryRequests;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.throttle.Throttle;
import io.javalin.http.HandlerType;
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

    /** The browser's login-or-signup answer is the same for any address: only a backend learns who is a member. */
    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/otps/email/login_or_signup").to(this::loginOrSignup);
        e.sdkOnly(HandlerType.POST, "/sdk/v1/b2b/otps/email/login_or_signup", SdkAccess.PUBLIC)
                .to(call -> {
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
        e.post("/v1/b2b/otps/email/authenticate")
                .sdk("/sdk/v1/b2b/otps/email/authenticate", SdkAccess.PUBLIC)
                .to(this::authenticate);
        e.post("/v1/b2b/otps/email/discovery/send")
                .sdk("/sdk/v1/b2b/otps/email/discovery/send", SdkAccess.PUBLIC)
                .to(this::sendDiscovery);
        e.post("/v1/b2b/otps/email/discovery/authenticate")
                .sdk("/sdk/v1/b2b/otps/email/discovery/authenticate", SdkAccess.PUBLIC)
                .to(this::authenticateDiscovery);
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
