package dev.latchkey.totp;

import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.Gate;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.member.MemberJson;
import dev.latchkey.member.MemberRoutes;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.session.AuthFullResponse;
import dev.latchkey.session.EnrollmentChange;
import dev.latchkey.session.SessionRequests;
import dev.latchkey.throttle.Throttle;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.List;

/** {@code /v1/b2b/totp}, {@code /totp/authenticate}, {@code /totp/migrate} (SPEC §4.5); create and authenticate on the SDK. */
public final class TotpRoutes implements FeatureRoutes {
    private final TotpFlows totps;
    private final MemberRoutes memberResponses;
    private final Throttle throttle;
    private final Clock clock;

    public TotpRoutes(TotpFlows totps, MemberRoutes memberResponses, Throttle throttle, Clock clock) {
        this.totps = totps;
        this.memberResponses = memberResponses;
        this.throttle = throttle;
        this.clock = clock;
    }

    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/totp").sdk("/sdk/v1/b2b/totp", SdkAccess.MFA_PROOF).to(this::create);
        e.post("/v1/b2b/totp/authenticate")
                .sdk("/sdk/v1/b2b/totp/authenticate", SdkAccess.MFA_PROOF)
                .to(this::authenticate);
        // Deleting a member's TOTP (and its recovery codes) is this feature's work. The SDK's organization.members
        // .deleteMFATOTP names the member; self.deleteMFATOTP acts on the caller.
        e.delete("/v1/b2b/organizations/{organization_id}/members/{member_id}/totp")
                .sdk("/sdk/v1/b2b/organizations/members/totp/{member_id}", SdkAccess.MEMBER)
                .gate(Gate.memberOrSelf("update.info.delete.mfa-totp"))
                .to(this::delete);
        e.sdkOnly(HandlerType.DELETE, "/sdk/v1/b2b/organizations/members/deleteTOTP", SdkAccess.MEMBER)
                .gate(Gate.self("update.info.delete.mfa-totp"))
                .to(this::delete);
        e.post("/v1/b2b/totp/migrate").to(call -> {
            JsonBody b = call.body();
            return created(totps.migrate(
                    call.project(),
                    b.requiredString("organization_id"),
                    b.requiredString("member_id"),
                    b.requiredString("secret"),
                    b.stringList("recovery_codes")));
        });
    }

    private Object delete(ApiCall call) {
        return memberResponses.response(totps.delete(call.project(), call.organizationId(), call.memberId()));
    }

    private CreateResponse create(ApiCall call) {
        JsonBody b = call.body();
        return created(totps.create(
                call.project(),
                b.requiredString("organization_id"),
                b.requiredString("member_id"),
                b.integer("expiration_minutes"),
                b.string("intermediate_session_token"),
                call.session()));
    }

    private AuthFullResponse authenticate(ApiCall call) {
        JsonBody b = call.body();
        throttle.guess(
                call.project(),
                Throttle.member(b.requiredString("organization_id"), b.requiredString("member_id")),
                call.clientIp());
        TotpFlows.Authenticated a = totps.authenticate(
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

    private CreateResponse created(TotpFlows.Created c) {
        return new CreateResponse(
                c.member().id(),
                c.enrollment().totpRegistrationId(),
                c.enrollment().secret(),
                c.enrollment().qrCode(),
                c.enrollment().recoveryCodes(),
                MemberJson.of(c.member(), c.organization(), clock.instant()),
                OrganizationJson.of(c.organization()));
    }

    record CreateResponse(
            String memberId,
            String totpRegistrationId,
            String secret,
            String qrCode,
            List<String> recoveryCodes,
            MemberJson member,
            OrganizationJson organization) {}
}
