package dev.latchkey.totp;

import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.JsonBody;
import dev.latchkey.member.MemberJson;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.session.AuthFullResponse;
import dev.latchkey.session.EnrollmentChange;
import dev.latchkey.session.SessionRequests;
import java.time.Clock;
import java.util.List;

/** {@code /v1/b2b/totp}, {@code /totp/authenticate}, {@code /totp/migrate} (SPEC §4.5). */
public final class TotpRoutes {
    private final TotpFlows totps;
    private final Clock clock;

    public TotpRoutes(TotpFlows totps, Clock clock) {
        this.totps = totps;
        this.clock = clock;
    }

    public void addTo(ApiRouter r) {
        r.post("/v1/b2b/totp", call -> {
            JsonBody b = call.body();
            return created(totps.create(
                    call.project(),
                    b.requiredString("organization_id"),
                    b.requiredString("member_id"),
                    b.integer("expiration_minutes"),
                    b.string("intermediate_session_token"),
                    SessionRequests.credentials(b)));
        });
        r.post("/v1/b2b/totp/authenticate", call -> {
            JsonBody b = call.body();
            TotpFlows.Authenticated a = totps.authenticate(
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
        r.post("/v1/b2b/totp/migrate", call -> {
            JsonBody b = call.body();
            return created(totps.migrate(
                    call.project(),
                    b.requiredString("organization_id"),
                    b.requiredString("member_id"),
                    b.requiredString("secret"),
                    b.stringList("recovery_codes")));
        });
    }

    /** {@code DELETE …/members/{member_id}/totp}: lives here because removing a TOTP is the TOTP feature's work. */
    public void addMemberRoutesTo(ApiRouter r, dev.latchkey.member.MemberRoutes memberResponses) {
        r.delete(
                "/v1/b2b/organizations/{organization_id}/members/{member_id}/totp",
                call -> memberResponses.response(
                        totps.delete(call.project(), call.path("organization_id"), call.path("member_id"))));
    }

    private CreateResponse created(TotpFlows.Created c) {
        return new CreateResponse(
                c.member().id(),
                c.enrollment().totpRegistrationId(),
                c.enrollment().secret(),
                c.enrollment().qrCode(),
                c.enrollment().recoveryCodes(),
                MemberJson.of(c.member(), clock.instant()),
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
