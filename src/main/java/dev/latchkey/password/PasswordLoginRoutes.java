package dev.latchkey.password;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.discovery.DiscoveryJson;
import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.member.MemberJson;
import dev.latchkey.member.OrgMember;
import dev.latchkey.mfa.AuthMfaResponse;
import dev.latchkey.mfa.PrimaryRequests;
import dev.latchkey.session.MemberSessionJson;
import dev.latchkey.session.SessionRequests;
import dev.latchkey.throttle.Throttle;
import io.javalin.http.HandlerType;
import java.time.Clock;

/** {@code /v1/b2b/passwords/authenticate} and the resets (SPEC §4.1), on the backend and the SDK. */
public final class PasswordLoginRoutes implements FeatureRoutes {
    private final PasswordLogins logins;
    private final PasswordResetStarts resetStarts;
    private final Throttle throttle;
    private final Clock clock;

    public PasswordLoginRoutes(PasswordLogins logins, PasswordResetStarts resetStarts, Throttle throttle, Clock clock) {
        this.logins = logins;
        this.resetStarts = resetStarts;
        this.throttle = throttle;
        this.clock = clock;
    }

    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/passwords/authenticate")
                .sdk("/sdk/v1/b2b/passwords/authenticate", SdkAccess.PUBLIC)
                .to(this::authenticate);
        e.post("/v1/b2b/passwords/discovery/authenticate")
                .sdk("/sdk/v1/b2b/passwords/discovery/authenticate", SdkAccess.PUBLIC)
                .to(this::discoveryAuthenticate);
        e.post("/v1/b2b/passwords/email/reset/start")
                .to(call -> startEmailReset(call, PasswordResets.MAX_EXPIRATION_MINUTES));
        e.sdkOnly(HandlerType.POST, "/sdk/v1/b2b/passwords/email/reset/start", SdkAccess.PUBLIC)
                .to(this::startEmailResetUniformly);
        e.post("/v1/b2b/passwords/email/reset")
                .sdk("/sdk/v1/b2b/passwords/email/reset", SdkAccess.PUBLIC)
                .to(this::emailReset);
        e.post("/v1/b2b/passwords/existing_password/reset")
                .sdk("/sdk/v1/b2b/passwords/existing_password/reset", SdkAccess.PUBLIC)
                .to(this::existingPasswordReset);
        e.post("/v1/b2b/passwords/session/reset")
                .to(call -> sessionReset(call, call.body().requiredString("organization_id")));
        e.sdkOnly(HandlerType.POST, "/sdk/v1/b2b/passwords/session/reset", SdkAccess.MEMBER)
                .to(call -> sessionReset(call, call.caller().organizationId()));
    }

    private AuthMfaResponse authenticate(ApiCall call) {
        JsonBody b = call.body();
        throttle.guess(
                call.project(),
                Throttle.member(b.requiredString("organization_id"), b.requiredString("email_address")),
                call.clientIp());
        return AuthMfaResponse.of(
                logins.authenticate(
                        call.project(),
                        b.requiredString("organization_id"),
                        b.requiredString("email_address"),
                        b.requiredString("password"),
                        PrimaryRequests.context(call)),
                clock.instant());
    }

    private DiscoveryJson.AuthenticateResponse discoveryAuthenticate(ApiCall call) {
        JsonBody b = call.body();
        throttle.guess(call.project(), b.requiredString("email_address"), call.clientIp());
        return DiscoveryJson.of(
                logins.discoveryAuthenticate(
                        call.project(), b.requiredString("email_address"), b.requiredString("password")),
                clock.instant());
    }

    private ResetStartResponse startEmailReset(ApiCall call, int maxExpirationMinutes) {
        throttle.sendFrom(call.project(), call.clientIp());
        OrgMember om = resetStarts.start(call.project(), resetRequest(call.body(), maxExpirationMinutes));
        return new ResetStartResponse(
                om.member().id(),
                om.member().emailId(),
                MemberJson.of(om.member(), om.organization(), clock.instant()));
    }

    /**
     * The browser's reset start answers the same for any address, with no member details (issue 8): an address with
     * no member is sent nothing and answered as a member's.
     */
    private Object startEmailResetUniformly(ApiCall call) {
        throttle.sendFrom(call.project(), call.clientIp());
        resetStarts.startUniformly(
                call.project(), resetRequest(call.body(), PasswordResets.SDK_MAX_EXPIRATION_MINUTES));
        return null;
    }

    private static PasswordResetStarts.Request resetRequest(JsonBody b, int maxExpirationMinutes) {
        return new PasswordResetStarts.Request(
                b.requiredString("organization_id"),
                b.requiredString("email_address"),
                b.string("reset_password_redirect_url"),
                b.integer("reset_password_expiration_minutes"),
                maxExpirationMinutes,
                b.string("code_challenge"),
                b.string("locale"));
    }

    private AuthMfaResponse emailReset(ApiCall call) {
        JsonBody b = call.body();
        var outcome = logins.emailReset(
                call.project(),
                b.requiredString("password_reset_token"),
                b.requiredString("password"),
                b.string("code_verifier"),
                PrimaryRequests.context(call));
        return AuthMfaResponse.of(
                outcome, clock.instant(), null, null, outcome.member().emailId());
    }

    private AuthMfaResponse existingPasswordReset(ApiCall call) {
        JsonBody b = call.body();
        throttle.guess(
                call.project(),
                Throttle.member(b.requiredString("organization_id"), b.requiredString("email_address")),
                call.clientIp());
        return AuthMfaResponse.of(
                logins.existingPasswordReset(
                        call.project(),
                        b.requiredString("organization_id"),
                        b.requiredString("email_address"),
                        b.requiredString("existing_password"),
                        b.requiredString("new_password"),
                        PrimaryRequests.context(call)),
                clock.instant());
    }

    private SessionResetResponse sessionReset(ApiCall call, String organizationId) {
        JsonBody b = call.body();
        PasswordLogins.SessionReset s = logins.sessionReset(
                call.project(),
                organizationId,
                b.requiredString("password"),
                call.session(),
                SessionRequests.options(b));
        return new SessionResetResponse(
                s.member().id(),
                MemberJson.of(s.member(), s.organization(), clock.instant()),
                dev.latchkey.organization.OrganizationJson.of(s.organization()),
                s.organization().id(),
                true,
                s.session().token(),
                s.session().jwt(),
                MemberSessionJson.of(s.session().session(), s.organization(), s.member()),
                "",
                null);
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
