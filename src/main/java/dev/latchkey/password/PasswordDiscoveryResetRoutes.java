package dev.latchkey.password;

import dev.latchkey.discovery.DiscoveryJson;
import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.JsonBody;
import dev.latchkey.throttle.Throttle;
import java.time.Clock;

/**
 * {@code POST /v1/b2b/passwords/discovery/email/reset/start} and {@code POST /v1/b2b/passwords/discovery/email/reset}
 * (SPEC §4.1): the cross-organization password reset, answered like the other discovery authentications. Backend
 * only for now. RBAC: none (primary authentication; no member-session headers).
 */
public final class PasswordDiscoveryResetRoutes implements FeatureRoutes {
    private final PasswordDiscoveryResets resets;
    private final Throttle throttle;
    private final Clock clock;

    public PasswordDiscoveryResetRoutes(PasswordDiscoveryResets resets, Throttle throttle, Clock clock) {
        this.resets = resets;
        this.throttle = throttle;
        this.clock = clock;
    }

    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/passwords/discovery/email/reset/start").to(this::start);
        e.post("/v1/b2b/passwords/discovery/email/reset").to(this::reset);
    }

    /** Answers the envelope only ({@code ResetStartResponse} is {@code request_id, status_code}). */
    private Object start(ApiCall call) {
        JsonBody b = call.body();
        throttle.sendFrom(call.project(), call.clientIp());
        b.string("reset_password_template_id"); // type-checked; Latchkey's templates are its own
        b.string("verify_email_template_id");
        resets.start(
                call.project(),
                new DiscoveryResetStart(
                        b.requiredString("email_address"),
                        b.string("reset_password_redirect_url"),
                        b.string("discovery_redirect_url"),
                        b.integer("reset_password_expiration_minutes"),
                        b.string("pkce_code_challenge"),
                        b.string("locale")),
                PasswordResets.MAX_EXPIRATION_MINUTES);
        return null;
    }

    private DiscoveryJson.AuthenticateResponse reset(ApiCall call) {
        JsonBody b = call.body();
        return DiscoveryJson.of(
                resets.reset(
                        call.project(),
                        b.requiredString("password_reset_token"),
                        b.requiredString("password"),
                        b.string("pkce_code_verifier")),
                clock.instant());
    }
}
