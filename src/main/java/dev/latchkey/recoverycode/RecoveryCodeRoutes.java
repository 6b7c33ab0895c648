package dev.latchkey.recoverycode;

import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.member.MemberJson;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.session.AuthFullResponse;
import dev.latchkey.session.MemberSession;
import dev.latchkey.session.SessionRequests;
import dev.latchkey.throttle.Throttle;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.List;

/** {@code /v1/b2b/recovery_codes/...} (SPEC §4.6). */
public final class RecoveryCodeRoutes implements FeatureRoutes {
    private final RecoveryCodeFlows codes;
    private final Throttle throttle;
    private final Clock clock;

    public RecoveryCodeRoutes(RecoveryCodeFlows codes, Throttle throttle, Clock clock) {
        this.codes = codes;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** On the SDK, get and rotate act on the member of the caller's session. */
    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/recovery_codes/recover")
                .sdk("/sdk/v1/b2b/recovery_codes/recover", SdkAccess.MFA_PROOF)
                .to(this::recover);
        e.get("/v1/b2b/recovery_codes/{organization_id}/{member_id}")
                .sdk("/sdk/v1/b2b/recovery_codes", SdkAccess.MEMBER)
                .to(call -> response(codes.get(call.project(), call.organizationId(), call.memberId())));
        e.post("/v1/b2b/recovery_codes/rotate").to(call -> {
            JsonBody b = call.body();
            return response(
                    codes.rotate(call.project(), b.requiredString("organization_id"), b.requiredString("member_id")));
        });
        e.sdkOnly(HandlerType.POST, "/sdk/v1/b2b/recovery_codes/rotate", SdkAccess.MEMBER)
                .to(call -> {
                    MemberSession caller = call.caller();
                    return response(codes.rotate(call.project(), caller.organizationId(), caller.memberId()));
                });
    }

    private AuthFullResponse recover(ApiCall call) {
        JsonBody b = call.body();
        throttle.guess(
                call.project(),
                Throttle.member(b.requiredString("organization_id"), b.requiredString("member_id")),
                call.clientIp());
        RecoveryCodeFlows.Recovered rec = codes.recover(
                call.project(),
                b.requiredString("organization_id"),
                b.requiredString("member_id"),
                b.requiredString("recovery_code"),
                b.string("intermediate_session_token"),
                call.session(),
                SessionRequests.options(b));
        return AuthFullResponse.of(
                rec.organization(),
                rec.completed().member(),
                rec.completed().session(),
                clock.instant(),
                rec.remaining());
    }

    private CodesResponse response(RecoveryCodeFlows.Codes c) {
        return new CodesResponse(
                c.member().id(),
                MemberJson.of(c.member(), c.organization(), clock.instant()),
                OrganizationJson.of(c.organization()),
                c.codes());
    }

    record CodesResponse(
            String memberId, MemberJson member, OrganizationJson organization, List<String> recoveryCodes) {}
}
