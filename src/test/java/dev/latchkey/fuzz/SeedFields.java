package dev.latchkey.fuzz;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a valid request to each route, from which the fuzz test builds the request it then mutates. The
 * values come from {@link FuzzWorld}; a field written {@code name:new} gets a value never used before (a new member's
 * address). A route of {@code /sdk/v1/b2b/...} shares the fields of its {@code /v1/b2b/...} twin unless listed
 * itself. Routes with no body (most GETs and DELETEs) are listed with no fields, so that a route missing from this
 * table is a route someone added without a seed, which the test reports.
 */
final class SeedFields {
    private static final Map<String, String> FIELDS = Map.ofEntries(
            // SSO connections
            Map.entry("GET /v1/b2b/sso/{organization_id}", ""),
            Map.entry("DELETE /v1/b2b/sso/{organization_id}/connections/{connection_id}", ""),
            Map.entry("POST /v1/b2b/sso/saml/{organization_id}", "display_name"),
            Map.entry(
                    "PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}", "display_name idp_entity_id"),
            Map.entry("PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/url", "metadata_url"),
            Map.entry(
                    "DELETE /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/verification_certificates/{certificate_id}",
                    ""),
            Map.entry(
                    "DELETE /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/encryption_private_keys/{private_key_id}",
                    ""),
            Map.entry("POST /v1/b2b/sso/oidc/{organization_id}", "display_name"),
            Map.entry("PUT /v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}", "display_name client_id"),
            Map.entry("POST /v1/b2b/sso/external/{organization_id}", "external_organization_id external_connection_id"),
            Map.entry("PUT /v1/b2b/sso/external/{organization_id}/connections/{connection_id}", "display_name"),
            Map.entry("GET /sdk/v1/b2b/sso", ""),
            Map.entry("DELETE /sdk/v1/b2b/sso/{connection_id}", ""),
            Map.entry("POST /sdk/v1/b2b/sso/saml", "display_name"),
            Map.entry("PUT /sdk/v1/b2b/sso/saml/{connection_id}", "display_name idp_entity_id"),
            Map.entry("PUT /sdk/v1/b2b/sso/saml/{connection_id}/url", "metadata_url"),
            Map.entry("DELETE /sdk/v1/b2b/sso/saml/{connection_id}/verification_certificates/{certificate_id}", ""),
            Map.entry("DELETE /sdk/v1/b2b/sso/saml/{connection_id}/encryption_private_key/{private_key_id}", ""),
            Map.entry("POST /sdk/v1/b2b/sso/oidc", "display_name"),
            Map.entry("PUT /sdk/v1/b2b/sso/oidc/{connection_id}", "display_name client_id"),
            Map.entry("POST /sdk/v1/b2b/sso/external", "external_organization_id external_connection_id"),
            Map.entry("PUT /sdk/v1/b2b/sso/external/{connection_id}", "display_name"),
            // SSO sign-in
            // OAuth
            Map.entry("GET /v1/b2b/public/oauth/{provider}/start", "public_token,organization_id"),
            Map.entry("GET /v1/b2b/public/oauth/{provider}/discovery/start", "public_token"),
            Map.entry("GET /v1/b2b/oauth/callback/{callback_id}", "state,code"),
            Map.entry("POST /v1/b2b/oauth/authenticate", "oauth_token"),
            Map.entry("POST /v1/b2b/oauth/discovery/authenticate", "discovery_oauth_token"),
            Map.entry("GET /v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/{provider}", ""),
            Map.entry("GET /healthz", ""),
            Map.entry("GET /readyz", ""),
            Map.entry("GET /metrics", ""),
            Map.entry("GET /dev/v1/messages", "limit"),
            Map.entry("GET /v1/b2b/sessions/jwks/{project_id}", ""),
            Map.entry("POST /v1/b2b/organizations", "organization_name organization_slug mfa_policy"),
            Map.entry("POST /v1/b2b/organizations/search", "query limit"),
            Map.entry("GET /v1/b2b/organizations/{organization_id}", ""),
            Map.entry("PUT /v1/b2b/organizations/{organization_id}", "organization_name"),
            Map.entry("DELETE /v1/b2b/organizations/{organization_id}", ""),
            Map.entry("POST /v1/b2b/organizations/{organization_id}/members", "email_address:new name"),
            Map.entry("GET /v1/b2b/organizations/{organization_id}/member", "member_id"),
            Map.entry("PUT /v1/b2b/organizations/{organization_id}/members/{member_id}", "name"),
            Map.entry("DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}", ""),
            Map.entry("PUT /v1/b2b/organizations/{organization_id}/members/{member_id}/reactivate", ""),
            Map.entry("DELETE /v1/b2b/organizations/{organization_id}/members/mfa_phone_numbers/{member_id}", ""),
            Map.entry("DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}/totp", ""),
            Map.entry("DELETE /v1/b2b/organizations/{organization_id}/members/passwords/{member_password_id}", ""),
            Map.entry("POST /v1/b2b/organizations/members/search", "organization_ids limit"),
            Map.entry("GET /v1/b2b/organizations/members/dangerously_get/{member_id}", ""),
            Map.entry(
                    "POST /v1/b2b/organizations/{organization_id}/members/{member_id}/unlink_retired_email",
                    "email_address"),
            Map.entry("POST /sdk/v1/b2b/organizations/members/{member_id}/unlink_retired_email", "email_address"),
            Map.entry("POST /sdk/v1/b2b/organizations/members/unlink_retired_email", "email_address"),
            Map.entry(
                    "POST /v1/b2b/organizations/{organization_id}/members/{member_id}/start_email_update",
                    "email_address:new"),
            Map.entry("POST /sdk/v1/b2b/organizations/members/{member_id}/start_email_update", "email_address:new"),
            Map.entry("POST /sdk/v1/b2b/organizations/members/start_email_update", "email_address:new"),
            Map.entry("DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}/external_id", ""),
            Map.entry("DELETE /v1/b2b/organizations/{organization_id}/external_id", ""),
            Map.entry("GET /v1/b2b/organizations/{organization_id}/metrics", ""),
            Map.entry("GET /v1/debug/whoami", ""),
            Map.entry("GET /sdk/v1/b2b/organizations/me", ""),
            Map.entry("POST /sdk/v1/b2b/organizations/search", "organization_slug"),
            Map.entry("PUT /sdk/v1/b2b/organizations/me", "organization_name"),
            Map.entry("DELETE /sdk/v1/b2b/organizations/me", ""),
            Map.entry("POST /sdk/v1/b2b/organizations/members", "email_address:new name"),
            Map.entry("PUT /sdk/v1/b2b/organizations/members/{member_id}", "name"),
            Map.entry("PUT /sdk/v1/b2b/organizations/members/update", "name"),
            Map.entry("DELETE /sdk/v1/b2b/organizations/members/{member_id}", ""),
            Map.entry("PUT /sdk/v1/b2b/organizations/members/{member_id}/reactivate", ""),
            Map.entry("DELETE /sdk/v1/b2b/organizations/members/mfa_phone_numbers/{member_id}", ""),
            Map.entry("DELETE /sdk/v1/b2b/organizations/members/deletePhoneNumber", ""),
            Map.entry("DELETE /sdk/v1/b2b/organizations/members/totp/{member_id}", ""),
            Map.entry("DELETE /sdk/v1/b2b/organizations/members/deleteTOTP", ""),
            Map.entry("DELETE /sdk/v1/b2b/organizations/members/passwords/{member_password_id}", ""),
            Map.entry("POST /sdk/v1/b2b/organizations/me/members/search", "limit"),
            Map.entry("POST /sdk/v1/b2b/sessions/revoke/{member_id}", ""),
            Map.entry("GET /sdk/v1/b2b/organizations/members/me", ""),
            Map.entry("POST /v1/b2b/sessions/authenticate", "session_token"),
            Map.entry("POST /sdk/v1/b2b/sessions/authenticate", ""),
            Map.entry("GET /v1/b2b/sessions", "organization_id member_id"),
            Map.entry("POST /v1/b2b/sessions/revoke", "member_session_id"),
            Map.entry("POST /sdk/v1/b2b/sessions/revoke", ""),
            Map.entry("POST /v1/b2b/sessions/exchange", "organization_id session_token"),
            Map.entry("POST /sdk/v1/b2b/sessions/exchange", "organization_id"),
            Map.entry("POST /v1/b2b/sessions/migrate", "session_token organization_id"),
            Map.entry("POST /v1/b2b/sessions/exchange_access_token", "access_token"),
            Map.entry("POST /v1/b2b/sessions/attest", "profile_id token organization_id"),
            Map.entry("POST /v1/b2b/otps/sms/send", "organization_id member_id mfa_phone_number session_token"),
            Map.entry("POST /sdk/v1/b2b/otps/sms/send", "organization_id member_id mfa_phone_number"),
            Map.entry(
                    "POST /v1/b2b/otps/sms/authenticate", "organization_id member_id code intermediate_session_token"),
            Map.entry("POST /v1/b2b/totp", "organization_id member_id intermediate_session_token"),
            Map.entry("POST /v1/b2b/totp/authenticate", "organization_id member_id code intermediate_session_token"),
            Map.entry("POST /v1/b2b/totp/migrate", "organization_id member_id secret recovery_codes"),
            Map.entry(
                    "POST /v1/b2b/recovery_codes/recover",
                    "organization_id member_id recovery_code intermediate_session_token"),
            Map.entry("GET /v1/b2b/recovery_codes/{organization_id}/{member_id}", ""),
            Map.entry("POST /v1/b2b/recovery_codes/rotate", "organization_id member_id"),
            Map.entry("GET /sdk/v1/b2b/recovery_codes", ""),
            Map.entry("POST /sdk/v1/b2b/recovery_codes/rotate", ""),
            Map.entry("POST /v1/b2b/passwords/strength_check", "password email_address"),
            Map.entry("POST /v1/b2b/passwords/migrate", "organization_id email_address:new hash hash_type name"),
            Map.entry("POST /v1/b2b/passwords/authenticate", "organization_id email_address password"),
            Map.entry("POST /v1/b2b/passwords/discovery/authenticate", "email_address password"),
            Map.entry("POST /v1/b2b/passwords/email/reset/start", "organization_id email_address locale"),
            Map.entry("POST /v1/b2b/passwords/email/reset", "password_reset_token password"),
            Map.entry("POST /v1/b2b/passwords/email/require_reset", "email_address organization_id"),
            Map.entry("POST /v1/b2b/passwords/discovery/email/reset/start", "email_address locale"),
            Map.entry("POST /v1/b2b/passwords/discovery/email/reset", "password_reset_token password"),
            Map.entry(
                    "POST /v1/b2b/passwords/existing_password/reset",
                    "organization_id email_address existing_password new_password"),
            Map.entry("POST /v1/b2b/passwords/session/reset", "organization_id password session_token"),
            Map.entry("POST /sdk/v1/b2b/passwords/session/reset", "password"),
            Map.entry("POST /v1/b2b/magic_links/email/login_or_signup", "organization_id email_address locale"),
            Map.entry("POST /v1/b2b/magic_links/email/invite", "organization_id email_address:new name"),
            Map.entry("POST /sdk/v1/b2b/magic_links/email/invite", "email_address:new name"),
            Map.entry("POST /v1/b2b/magic_links/authenticate", "magic_links_token"),
            Map.entry("POST /v1/b2b/magic_links/email/discovery/send", "email_address"),
            Map.entry("POST /v1/b2b/magic_links/discovery/authenticate", "discovery_magic_links_token"),
            Map.entry("POST /v1/b2b/otps/email/login_or_signup", "organization_id email_address"),
            Map.entry("POST /v1/b2b/otps/email/authenticate", "organization_id email_address code"),
            Map.entry("POST /v1/b2b/otps/email/discovery/send", "email_address"),
            Map.entry("POST /v1/b2b/otps/email/discovery/authenticate", "email_address code"),
            Map.entry("POST /v1/b2b/discovery/organizations", "intermediate_session_token"),
            Map.entry(
                    "POST /v1/b2b/discovery/intermediate_sessions/exchange",
                    "intermediate_session_token organization_id"),
            Map.entry(
                    "POST /v1/b2b/discovery/organizations/create",
                    "intermediate_session_token organization_name organization_slug"),
            Map.entry("GET /sdk/v1/projects/bootstrap/{public_token}", ""),
            Map.entry("POST /sdk/v1/events", "event"),
            Map.entry("GET /v1/b2b/rbac/policy", ""),
            Map.entry("GET /v1/b2b/rbac/organizations/{organization_id}", ""),
            Map.entry("PUT /v1/b2b/rbac/organizations/{organization_id}", "org_policy"));

    private SeedFields() {}

    /** The field names of a valid request to the route, or empty if the route has no seed. */
    static Optional<List<String>> of(RouteCatalog.Route route) {
        String own = FIELDS.get(route.key());
        if (own == null && route.isSdk()) {
            own = FIELDS.get(route.method() + " " + route.path().replaceFirst("^/sdk/v1/", "/v1/"));
        }
        return Optional.ofNullable(own)
                .map(s -> s.isBlank() ? List.of() : List.of(s.trim().split(" +")));
    }
}
