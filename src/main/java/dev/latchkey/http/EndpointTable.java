package dev.latchkey.http;

import java.util.List;
import java.util.Locale;

/**
 * Renders the endpoint inventory as {@code docs/endpoints.md}: every method and path on both surfaces, what an SDK
 * caller must hold, and the permission a member's session needs. A test regenerates it and fails when the committed
 * file differs, so the document is always what the server serves.
 */
public final class EndpointTable {
    /** Routes served outside the inventory: probes, metrics and the SDK's telemetry sink. */
    public static final List<String> INFRASTRUCTURE =
            List.of("GET /healthz", "GET /readyz", "GET /metrics", "POST /sdk/v1/events");

    private EndpointTable() {}

    public static String markdown(List<Route> routes) {
        StringBuilder md = new StringBuilder();
        md.append("# Endpoints\n\n")
                .append(
                        "Generated from the endpoint inventory (`dev.latchkey.http.Endpoints`, declared by each feature's")
                .append(" `*Routes` class); do not edit by hand. `EndpointInventoryTest` fails when this file differs")
                .append(" from what the server serves; run it with `-Dlatchkey.writeEndpoints=true` to rewrite it.\n\n")
                .append("- **Backend**: `/v1/...` with HTTP Basic `project_id:secret`. A call that also sends")
                .append(
                        " `X-Stytch-Member-Session` or `X-Stytch-Member-SessionJWT` runs with that member's permissions on")
                .append(" the routes that name one; without them it has the project's full authority.\n")
                .append("- **SDK**: `/sdk/v1/...` with Basic `public_token:(session_token | public_token)` from an")
                .append(" authorized origin. *Access* says what the caller must hold besides the public token:")
                .append(
                        " `PUBLIC` nothing, `MFA_PROOF` an intermediate session token or a session, `MEMBER` a session,")
                .append(" `PATH_TOKEN` the public token in the path.\n")
                .append("- **Permission**: the RBAC action(s) a member's session needs (RBAC_SCIM_M2M.md §1.9), on")
                .append(" the SDK always and on the backend when the member-session headers are sent. \"—\" means")
                .append(" none.\n\n")
                .append("| Method | Backend path | SDK path | SDK access | Permission |\n")
                .append("|---|---|---|---|---|\n");
        for (Route r : routes) {
            md.append("| ")
                    .append(r.method().name().toUpperCase(Locale.ROOT))
                    .append(" | ")
                    .append(r.onBackend() ? code(r.backendPath()) + (r.isPublic() ? " (no credentials)" : "") : "")
                    .append(" | ")
                    .append(r.onSdk() ? code(r.sdkPath()) : "")
                    .append(" | ")
                    .append(r.onSdk() ? r.sdkAccess().name() : "")
                    .append(" | ")
                    .append(r.gate().description().replace("|", "\\|"))
                    .append(" |\n");
        }
        md.append("\nAlso served, outside the inventory: ");
        md.append(String.join(
                ", ", INFRASTRUCTURE.stream().map(EndpointTable::code).toList()));
        md.append(".\n");
        return md.toString();
    }

    private static String code(String s) {
        return "`" + s + "`";
    }
}
