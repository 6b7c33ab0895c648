package dev.latchkey.password;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.JsonBody;
import dev.latchkey.member.MemberJson;
import dev.latchkey.member.OrgMember;
import dev.latchkey.mfa.AuthMfaResponse;
import dev.latchkey.mfa.PrimaryContext;
import dev.latchkey.session.MemberSessionJson;
import dev.latchkey.session.SessionRequests;
import java.time.Clock;

/** {@code /v1/b2b/passwords/authenticate} and the resets (SPEC §4.1). */
public final class PasswordLoginRoutes {
    private final PasswordLogins logins;
    private final Clock clock;

    public PasswordLoginRoutes(PasswordLogins logins, Clock clock) {
        this.logins = logins;
        this.clock = clock;
    }

    public void addTo(ApiRouter r) {
        r.post("/v1/b2b/passwords/authenticate", call -> {
            JsonBody b = call.body();
            return AuthMfaResponse.of(
                    logins.authenticate(
                            call.project(),
                            b.requiredString("organization_id"),
                            b.requiredString("email_address"),
                            b.requiredString("password"),
                            context(b)),
                    clock.instant());
        });
        r.post("/v1/b2b/passwords/email/reset/start", call -> {
            JsonBody b = call.body();
            OrgMember om = logins.startEmailReset(
                    call.project(),
                    b.requiredString("organization_id"),
                    b.requiredString("email_address"),
                    b.string("reset_password_redirect_url"),
                    b.integer("reset_password_expiration_minutes"),
                    b.string("code_challenge"),
                    b.string("locale"));
            return new ResetStartResponse(
                    om.member().id(), om.member().emailId(), MemberJson.of(om.member(), clock.instant()));
        });
        r.post("/v1/b2b/passwords/email/reset", call -> {
            JsonBody b = call.body();
            var outcome = logins.emailReset(
                    call.project(),
                    b.requiredString("password_reset_token"),
                    b.requiredString("password"),
                    b.string("code_verifier"),
                    context(b));
            return AuthMfaResponse.of(
                    outcome, clock.instant(), null, null, outcome.member().emailId());
        });
        r.post("/v1/b2b/passwords/existing_password/reset", call -> {
            JsonBody b = call.body();
            return AuthMfaResponse.of(
                    logins.existingPasswordReset(
                            call.project(),
                            b.requiredString("organization_id"),
                            b.requiredString("email_address"),
                            b.requiredString("existing_password"),
                            b.requiredString("new_password"),
                            context(b)),
                    clock.instant());
        });
        r.post("/v1/b2b/passwords/session/reset", call -> {
            JsonBody b = call.body();
            PasswordLogins.SessionReset s = logins.sessionReset(
                    call.project(),
                    b.requiredString("organization_id"),
                    b.requiredString("password"),
                    SessionRequests.credentials(b),
                    SessionRequests.options(b));
            return new SessionResetResponse(
                    s.member().id(),
                    MemberJson.of(s.member(), clock.instant()),
                    dev.latchkey.organization.OrganizationJson.of(s.organization()),
                    s.organization().id(),
                    true,
                    s.session().token(),
                    s.session().jwt(),
                    MemberSessionJson.of(s.session().session(), s.organization(), s.member()),
                    "",
                    null);
        });
    }

    private static PrimaryContext context(JsonBody b) {
        return new PrimaryContext(
                SessionRequests.credentials(b),
                b.string("intermediate_session_token"),
                SessionRequests.options(b),
                b.string("locale"));
    }

    record ResetStartResponse(String memberId, String memberEmailId, MemberJson member) {}

    record SessionResetResponse(
            String memberId,
            MemberJson member,
            dev.latchkey.organization.OrganizationJson organization,
            String organizationId,
            boolean memberAuthenticated,
            String sessionToken,
            String sessionJwt,
            MemberSessionJson memberSession,
            String intermediateSessionToken,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object mfaRequired) {}
}
