package dev.latchkey.password;

import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.Gate;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.member.MemberJson;
import dev.latchkey.member.MemberRoutes;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.organization.OrganizationRequests;
import java.time.Clock;

/** {@code POST /v1/b2b/passwords/strength_check} (also on the SDK) and {@code POST /v1/b2b/passwords/migrate} (SPEC §4.1). */
public final class PasswordRoutes implements FeatureRoutes {
    private final PasswordService passwords;
    private final MemberRoutes memberResponses;
    private final Clock clock;

    public PasswordRoutes(PasswordService passwords, MemberRoutes memberResponses, Clock clock) {
        this.passwords = passwords;
        this.memberResponses = memberResponses;
        this.clock = clock;
    }

    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/passwords/strength_check")
                .sdk("/sdk/v1/b2b/passwords/strength_check", SdkAccess.PUBLIC)
                .to(this::strengthCheck);
        // Removing a member's password lives here: the password rows are this feature's. On the SDK both
        // organization.members.deletePassword and self.deletePassword send this path; self's is the caller's own.
        e.delete("/v1/b2b/organizations/{organization_id}/members/passwords/{member_password_id}")
                .sdk("/sdk/v1/b2b/organizations/members/passwords/{member_password_id}", SdkAccess.MEMBER)
                .gate(Gate.memberOrSelf("update.info.delete.password", (call, actor) -> call.path("member_password_id")
                        .equals(actor.member().passwordId())))
                .to(call -> memberResponses.response(
                        passwords.delete(call.project(), call.organizationId(), call.path("member_password_id"))));
        e.post("/v1/b2b/passwords/migrate").to(call -> {
            PasswordService.MigrateResult result = passwords.migrate(call.project(), migration(call.body()));
            return new MigrateResponse(
                    result.member().id(),
                    result.memberCreated(),
                    MemberJson.of(result.member(), result.organization(), clock.instant()),
                    OrganizationJson.of(result.organization()));
        });
    }

    private StrengthCheck strengthCheck(ApiCall call) {
        JsonBody b = call.body();
        return passwords.strengthCheck(b.requiredString("password"), b.string("email_address"));
    }

    /** {@code member_id, member_created, member, organization}. */
    record MigrateResponse(String memberId, boolean memberCreated, MemberJson member, OrganizationJson organization) {}

    private static PasswordMigration migration(JsonBody b) {
        b.bool("preserve_existing_sessions"); // type-checked; sessions are the sessions feature's business
        return new PasswordMigration(
                b.requiredString("organization_id"),
                b.requiredString("email_address"),
                hashImport(b),
                b.string("name"),
                OrganizationRequests.metadata(b, "trusted_metadata"),
                OrganizationRequests.metadata(b, "untrusted_metadata"),
                b.stringList("roles"),
                b.string("mfa_phone_number"),
                Boolean.TRUE.equals(b.bool("set_phone_number_verified")),
                b.string("external_id"));
    }

    private static HashImport hashImport(JsonBody b) {
        return new HashImport(
                b.requiredString("hash_type"),
                b.requiredString("hash"),
                saltConfig(b, "md_5_config"),
                argon2Config(b),
                saltConfig(b, "sha_1_config"),
                saltConfig(b, "sha_512_config"),
                scryptConfig(b),
                pbkdf2Config(b));
    }

    private static HashImport.SaltConfig saltConfig(JsonBody b, String field) {
        JsonBody c = nested(b, field);
        return c == null ? null : new HashImport.SaltConfig(c.string("prepend_salt"), c.string("append_salt"));
    }

    private static HashImport.Argon2Config argon2Config(JsonBody b) {
        JsonBody c = nested(b, "argon_2_config");
        return c == null
                ? null
                : new HashImport.Argon2Config(
                        c.string("salt"),
                        c.integer("iteration_amount"),
                        c.integer("memory"),
                        c.integer("threads"),
                        c.integer("key_length"));
    }

    private static HashImport.ScryptConfig scryptConfig(JsonBody b) {
        JsonBody c = nested(b, "scrypt_config");
        return c == null
                ? null
                : new HashImport.ScryptConfig(
                        c.string("salt"),
                        c.integer("n_parameter"),
                        c.integer("r_parameter"),
                        c.integer("p_parameter"),
                        c.integer("key_length"));
    }

    private static HashImport.Pbkdf2Config pbkdf2Config(JsonBody b) {
        JsonBody c = nested(b, "pbkdf_2_config");
        return c == null
                ? null
                : new HashImport.Pbkdf2Config(
                        c.string("salt"),
                        c.integer("iteration_amount"),
                        c.integer("key_length"),
                        c.string("algorithm"));
    }

    private static JsonBody nested(JsonBody b, String field) {
        var node = b.object(field);
        return node == null ? null : JsonBody.of(node);
    }
}
