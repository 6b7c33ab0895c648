package dev.latchkey.smsotp;

import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.member.MemberRoutes;
import dev.latchkey.session.AuthFullResponse;
import dev.latchkey.session.EnrollmentChange;
import dev.latchkey.session.SessionRequests;
import dev.latchkey.throttle.Throttle;
import java.time.Clock;

/** {@code /v1/b2b/otps/sms/send} and {@code /authenticate} (SPEC §4.4), on the backend and the SDK. */
public final class SmsOtpRoutes implements FeatureRoutes {
    private final SmsOtpService sms;
    private final MemberRoutes memberResponses;
    private final Throttle throttle;
    private final Clock clock;

    public SmsOtpRoutes(SmsOtpService sms, MemberRoutes memberResponses, Throttle throttle, Clock clock) {
        this.sms = sms;
        this.memberResponses = memberResponses;
        this.throttle = throttle;
        this.clock = clock;
    }

    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/otps/sms/send")
                .sdk("/sdk/v1/b2b/otps/sms/send", SdkAccess.MFA_PROOF)
                .to(this::send);
        e.post("/v1/b2b/otps/sms/authenticate")
                .sdk("/sdk/v1/b2b/otps/sms/authenticate", SdkAccess.MFA_PROOF)
                .to(this::authenticate);
    }

    private MemberRoutes.MemberResponse send(ApiCall call) {
        JsonBody b = call.body();
        throttle.sendFrom(call.project(), call.clientIp());
        return memberResponses.response(sms.send(
                call.project(),
                b.requiredString("organization_id"),
                b.requiredString("member_id"),
                b.string("mfa_phone_number"),
                b.string("locale"),
                b.string("intermediate_session_token"),
                call.session()));
    }

    private AuthFullResponse authenticate(ApiCall call) {
        JsonBody b = call.body();
        throttle.guess(
                call.project(),
                Throttle.member(b.requiredString("organization_id"), b.requiredString("member_id")),
                call.clientIp());
        SmsOtpService.Authenticated a = sms.authenticate(
                call.project(),
                b.requiredString("organization_id"),
                b.requiredString("member_id"),
                b.requiredString("code"),
                b.string("intermediate_session_token"),
                call.session(),
                EnrollmentChange.parse(b.string("set_mfa_enrollment")),
                Boolean.TRUE.equals(b.bool("set_default_mfa")),
                SessionRequests.options(b));
        return AuthFullResponse.of(
                a.organization(), a.completed().member(), a.completed().session(), clock.instant());
    }
}
