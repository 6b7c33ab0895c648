package dev.latchkey.fuzz;

import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.project.RedirectKind;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The state valid requests are made from: a project with an authorized origin, and three members, each the owner of
 * the values a route reads (ids, tokens, codes). {@link #personaFor} picks whose: TOTP, recovery-code and SMS routes
 * act on {@code mfa} (TOTP enrolled in an organization that requires MFA), deletes on {@code victim}, the rest on
 * {@code member}. A world is rebuilt every round, after the clock moved past every lock, window and token lifetime,
 * so that what one round consumed or deleted is fresh again in the next.
 */
final class FuzzWorld {
    static final String ORIGIN = "https://app.fuzz.example";

    private static final AtomicInteger UNIQUE = new AtomicInteger();

    final TestServer server;
    final ProjectCredentials project;
    /** A second project: its credentials and ids must never reach the first project's data. */
    final ProjectCredentials otherProject;

    final Persona member;
    final Persona mfa;
    final Persona victim;
    final String otherProjectOrganization;

    /** The values of one member's requests, by field name; a supplier where each use needs a fresh value. */
    record Persona(Map<String, Supplier<Object>> values) {
        Optional<Object> value(String field) {
            Supplier<Object> s = values.get(field);
            return s == null ? Optional.empty() : Optional.ofNullable(s.get());
        }

        String string(String field) {
            return String.valueOf(values.get(field).get());
        }
    }

    private FuzzWorld(TestServer server, ProjectCredentials otherProject, String otherOrganization) {
        this.server = server;
        this.project = server.project;
        this.otherProject = otherProject;
        this.otherProjectOrganization = otherOrganization;
        Flows flows = new Flows(server);
        this.member = member(flows);
        this.mfa = mfa(flows);
        this.victim = victim(flows);
    }

    /** The first world: authorizes the fuzz origin and makes the second project. */
    static FuzzWorld first(TestServer server) {
        server.app.services().authorizedOrigins().add(server.projectId(), ORIGIN);
        server.app
                .services()
                .redirectUrls()
                .add(server.project.project(), ORIGIN + "/authenticate", List.of(RedirectKind.values()), true);
        ProjectCredentials other = server.newProject();
        TestServer.Response org = server.call(
                "POST",
                "/v1/b2b/organizations",
                Flows.json("organization_name", "Other", "organization_slug", "other-project-org"),
                other.project().id(),
                other.secret());
        return new FuzzWorld(server, other, Flows.ok(org).at("/organization/organization_id"));
    }

    /** A fresh world on the same server, after the clock moved past every lock, throttle window and lifetime. */
    FuzzWorld next() {
        server.clock.advance(Duration.ofDays(2));
        return new FuzzWorld(server, otherProject, otherProjectOrganization);
    }

    /** Whose values a route uses. */
    Persona personaFor(String method, String path) {
        if (method.equals("DELETE")
                || path.endsWith("/reactivate")
                || path.endsWith("/revoke")
                || path.contains("passwords/") && path.endsWith("/reset")
                || path.endsWith("/require_reset")) {
            // what deletes, revokes or resets (and so revokes sessions), or marks a password, acts on the victim
            return victim;
        }
        if (path.contains("totp") || path.contains("recovery_codes") || path.contains("otps/sms")) {
            return mfa;
        }
        return member;
    }

    /** A value for a field no persona owns, or a fresh one where a route needs a new name (field ends in ":new"). */
    Object common(String field) {
        int n = UNIQUE.incrementAndGet();
        return switch (field) {
            case "organization_name" -> "Fuzz organization " + n;
            case "organization_slug" -> "fuzz-" + n;
            case "email_address:new" -> "fuzz-new-" + n + "@fuzz.example";
            case "mfa_policy" -> "OPTIONAL";
            case "name" -> "Fuzz Member " + n;
            case "limit" -> 10;
            case "locale" -> "en";
            case "query" -> Map.of("operator", "AND", "operands", List.of());
            case "project_id" -> project.project().id();
            case "public_token" -> project.project().publicToken();
            case "hash_type" -> "bcrypt";
            case "hash" -> BCRYPT_OF_PASSWORD;
            case "org_policy" ->
                Map.of(
                        "roles",
                        List.of(Map.of(
                                "role_id",
                                "fuzz-role",
                                "description",
                                "",
                                "permissions",
                                List.of(Map.of("resource_id", "stytch.self", "actions", List.of("*"))))));
            default -> "fuzz-" + field + "-" + n;
        };
    }

    /** A bcrypt hash of {@link Fixtures#PASSWORD}, made once: bcrypt is slow on purpose. */
    private static final String BCRYPT_OF_PASSWORD =
            com.password4j.Password.hash(Fixtures.PASSWORD).withBcrypt().getResult();

    private Persona member(Flows flows) {
        String org = flows.organization("mfa_policy", "OPTIONAL");
        String email = "member-" + UNIQUE.incrementAndGet() + "@fuzz.example";
        String memberId = flows.member(org, email);
        Map<String, Supplier<Object>> v =
                personal(flows, org, memberId, email, flows.session(org, email).at("/session_token"));
        nextSecond();
        Flows.ok(flows.post(
                "/v1/b2b/magic_links/email/login_or_signup", "organization_id", org, "email_address", email));
        v.put(
                "magic_links_token",
                fixed(flows.latestMessageTo(email).get("token").asText()));
        nextSecond();
        Flows.ok(flows.post("/v1/b2b/magic_links/email/discovery/send", "email_address", email));
        v.put(
                "discovery_magic_links_token",
                fixed(flows.latestMessageTo(email).get("token").asText()));
        nextSecond();
        Flows.ok(flows.post("/v1/b2b/otps/email/login_or_signup", "organization_id", org, "email_address", email));
        v.put("code", fixed(flows.latestMessageTo(email).get("code").asText()));
        TestServer.Response discovery = Flows.ok(flows.post(
                "/v1/b2b/passwords/discovery/authenticate", "email_address", email, "password", Fixtures.PASSWORD));
        v.put("intermediate_session_token", fixed(discovery.at("/intermediate_session_token")));
        return new Persona(v);
    }

    /** Sends to one address are limited to one a second. */
    private void nextSecond() {
        server.clock.advance(Duration.ofSeconds(2));
    }

    private Persona mfa(Flows flows) {
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String email = "mfa-" + UNIQUE.incrementAndGet() + "@fuzz.example";
        String memberId = flows.member(org, email);
        Flows.Enrolled enrolled = flows.enrollTotp(org, memberId, email);
        Map<String, Supplier<Object>> v = personal(flows, org, memberId, email, enrolled.sessionToken());
        v.put("intermediate_session_token", fixed(flows.ist(org, email)));
        v.put("code", () -> flows.totpCode(enrolled.secret()));
        v.put("recovery_code", fixed(enrolled.recoveryCodes().get(0)));
        v.put("recovery_codes", fixed(enrolled.recoveryCodes()));
        v.put("secret", fixed(enrolled.secret()));
        return new Persona(v);
    }

    private Persona victim(Flows flows) {
        String org = flows.organization("mfa_policy", "OPTIONAL");
        String email = "victim-" + UNIQUE.incrementAndGet() + "@fuzz.example";
        String memberId = flows.member(org, email);
        Map<String, Supplier<Object>> v =
                personal(flows, org, memberId, email, flows.session(org, email).at("/session_token"));
        Flows.ok(flows.post("/v1/b2b/passwords/email/reset/start", "organization_id", org, "email_address", email));
        v.put(
                "password_reset_token",
                fixed(flows.latestMessageTo(email).get("token").asText()));
        return new Persona(v);
    }

    /** What every persona has: its organization, member, address, password, session and phone. */
    private static Map<String, Supplier<Object>> personal(
            Flows flows, String org, String memberId, String email, String sessionToken) {
        TestServer.Response session =
                Flows.ok(flows.post("/v1/b2b/sessions/authenticate", "session_token", sessionToken));
        Map<String, Supplier<Object>> v = new HashMap<>();
        v.put("organization_id", fixed(org));
        v.put("organization_ids", fixed(List.of(org)));
        v.put("member_id", fixed(memberId));
        v.put("email_address", fixed(email));
        v.put("password", fixed(Fixtures.PASSWORD));
        v.put("existing_password", fixed(Fixtures.PASSWORD));
        v.put("new_password", fixed("a different " + Fixtures.PASSWORD));
        v.put("session_token", fixed(sessionToken));
        v.put("session_jwt", fixed(session.at("/session_jwt")));
        v.put("member_session_id", fixed(session.at("/member_session/member_session_id")));
        v.put("member_password_id", fixed(session.at("/member/member_password_id")));
        v.put(
                "mfa_phone_number",
                fixed("+1415555" + String.format(java.util.Locale.ROOT, "%04d", UNIQUE.get() % 10000)));
        return v;
    }

    private static Supplier<Object> fixed(Object value) {
        return () -> value;
    }
}
