package dev.latchkey.smsotp;

import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.JsonBody;
import dev.latchkey.member.MemberRoutes;
import dev.latchkey.session.AuthFullResponse;
import dev.latchkey.session.EnrollmentChange;
import dev.latchkey.session.SessionRequests;
import java.time.Clock;

/** {@code /v1/b2b/otps/sms/send} and {@code /authenticate} (SPEC §4.4). */
public final class SmsOtpRoutes {
    private final SmsOtpService sms;
    private final MemberRoutes memberResponses;
    private final Clock clock;

    public SmsOtpRoutes(SmsOtpService sms, MemberRoutes memberResponses, Clock clock) {
        this.sms = sms;
        this.memberResponses = memberResponses;
        this.clock = clock;
    }

    public void addTo(ApiRouter r) {
        r.post("/v1/b2b/otps/sms/send", call -> {
            JsonBody b = call.body();
            return memberResponses.response(sms.send(
                    call.project(),
                    b.requiredString("organization_id"),
                    b.requiredString("member_id"),
                    b.string("mfa_phone_number"),
                    b.string("locale"),
                    b.string("intermediate_session_token"),
                    SessionRequests.credentials(b)));
        });
        r.post("/v1/b2b/otps/sms/authenticate", call -> {
            JsonBody b = call.body();
            SmsOtpService.Authenticated a = sms.authenticate(
                    call.project(),
                    b.requiredString("organization_id"),
                    b.requiredString("member_id"),
                    b.requiredString("code"),
                    b.string("intermediate_session_token"),
                    SessionRequests.credentials(b),
                    EnrollmentChange.parse(b.string("set_mfa_enrollment")),
                    Boolean.TRUE.equals(b.bool("set_default_mfa")),
                    SessionRequests.options(b));
            return AuthFullResponse.of(
                    a.organization(), a.completed().member(), a.completed().session(), clock.instant());
        });
    }
}
