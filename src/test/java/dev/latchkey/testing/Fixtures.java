package dev.latchkey.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.password4j.Password;
import com.stytch.java.common.StytchException;
import com.stytch.java.common.StytchResult;
import java.util.concurrent.CompletableFuture;

/** Builders for the state most flow tests start from, made through the HTTP API. */
public final class Fixtures {
    public static final String PASSWORD = "correct horse battery staple 42!";

    private final TestServer server;

    public Fixtures(TestServer server) {
        this.server = server;
    }

    /** An organization with the given MFA policy ("OPTIONAL" or "REQUIRED_FOR_ALL") and a unique slug. */
    public String organization(String mfaPolicy) {
        String slug = "org-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var r = server.call(
                "POST",
                "/v1/b2b/organizations",
                "{\"organization_name\":\"Org " + slug + "\",\"organization_slug\":\"" + slug + "\",\"mfa_policy\":\""
                        + mfaPolicy + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.at("/organization/organization_id");
    }

    /**
     * An organization with a unique slug and the given settings, written as JSON fields without braces, e.g.
     * {@code "mfa_policy":"OPTIONAL","email_jit_provisioning":"RESTRICTED"}.
     */
    public String organizationWith(String settingsJson) {
        String slug = "org-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var r = server.call(
                "POST",
                "/v1/b2b/organizations",
                "{\"organization_name\":\"Org " + slug + "\",\"organization_slug\":\"" + slug + "\""
                        + (settingsJson.isEmpty() ? "" : "," + settingsJson) + "}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.at("/organization/organization_id");
    }

    /** An active member created through members.create (no password, email not verified). */
    public String member(String organizationId, String email) {
        var r = server.call(
                "POST",
                "/v1/b2b/organizations/" + organizationId + "/members",
                "{\"email_address\":\"" + email + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.at("/member_id");
    }

    /** An active member with {@link #PASSWORD}, imported through passwords/migrate as a bcrypt hash. */
    public String memberWithPassword(String organizationId, String email) {
        String hash = Password.hash(PASSWORD).withBcrypt().getResult();
        var r = server.call(
                "POST",
                "/v1/b2b/passwords/migrate",
                "{\"organization_id\":\"" + organizationId + "\",\"email_address\":\"" + email + "\",\"hash\":\"" + hash
                        + "\",\"hash_type\":\"bcrypt\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.at("/member_id");
    }

    /** The newest dev-outbox message to {@code to}. */
    public JsonNode latestMessageTo(String to) {
        var r = server.call("GET", "/dev/v1/messages", null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        for (JsonNode m : r.json().get("messages")) {
            if (to.equals(m.get("to").asText())) {
                return m;
            }
        }
        throw new AssertionError("no message to " + to + " in " + r.text());
    }

    public int messageCountTo(String to) {
        int n = 0;
        for (JsonNode m : server.call("GET", "/dev/v1/messages", null).json().get("messages")) {
            if (to.equals(m.get("to").asText())) {
                n++;
            }
        }
        return n;
    }

    /** The value of a successful SDK call; fails with the error body otherwise. */
    public static <T> T ok(CompletableFuture<StytchResult<T>> call) {
        StytchResult<T> r = call.join();
        if (r instanceof StytchResult.Success<T> s) {
            return s.getValue();
        }
        throw new AssertionError("SDK call failed: " + describe(r));
    }

    /** The error of a failed SDK call (its error_type and status), failing if it succeeded. */
    public static com.stytch.java.common.ErrorResponse error(CompletableFuture<? extends StytchResult<?>> call) {
        StytchResult<?> r = call.join();
        if (r instanceof StytchResult.Error e && e.getException() instanceof StytchException.Response resp) {
            return resp.getReason();
        }
        throw new AssertionError("expected an API error, got " + describe(r));
    }

    private static String describe(StytchResult<?> r) {
        if (r instanceof StytchResult.Error e) {
            if (e.getException() instanceof StytchException.Response resp) {
                return resp.getReason().getStatusCode() + " " + resp.getReason().getErrorType() + ": "
                        + resp.getReason().getErrorMessage();
            }
            if (e.getException() instanceof StytchException.Critical c) {
                return "critical: " + c.getReason() + " / " + c.getResponse();
            }
        }
        return String.valueOf(r);
    }
}
