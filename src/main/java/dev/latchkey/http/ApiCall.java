package dev.latchkey.http;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import dev.latchkey.session.LiveSession;
import dev.latchkey.session.MemberSession;
import dev.latchkey.session.SessionCredentials;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * What a route sees of one authenticated request: the project, the parsed body, path and query values, and the
 * session the call acts with. On the backend that session is the body's {@code session_token} / {@code session_jwt};
 * on the SDK it is the session token of the {@code Authorization} header (the browser SDK never puts one in a body).
 */
public final class ApiCall {
    private final Project project;
    private final JsonBody body;
    private final Context ctx;
    private final SessionCredentials session;
    private final LiveSession caller;
    private final LiveSession actor;
    private final boolean sdk;

    private ApiCall(
            Project project,
            JsonBody body,
            Context ctx,
            SessionCredentials session,
            LiveSession caller,
            LiveSession actor,
            boolean sdk) {
        this.project = project;
        this.body = body;
        this.ctx = ctx;
        this.session = session;
        this.caller = caller;
        this.actor = actor;
        this.sdk = sdk;
    }

    /**
     * A backend call: the session it acts on, if any, is named in the body; {@code actor} is the member whose
     * permissions it runs with (the member-session headers), or null for the project's full authority.
     */
    static ApiCall backend(Project project, JsonBody body, Context ctx, LiveSession actor) {
        return new ApiCall(project, body, ctx, null, null, actor, false);
    }

    /** An SDK call: the session, if any, is the live one the Authorization header proved, and acts as its member. */
    static ApiCall sdk(Project project, JsonBody body, Context ctx, String sessionToken, LiveSession caller) {
        return new ApiCall(
                project,
                body,
                ctx,
                caller == null ? SessionCredentials.NONE : new SessionCredentials(sessionToken, null),
                caller,
                caller,
                true);
    }

    public Project project() {
        return project;
    }

    /** The JSON body; for GET requests, the query parameters as a body of strings. */
    public JsonBody body() {
        return body;
    }

    /** The session credentials this call acts with ({@link SessionCredentials#NONE} when it names none). */
    public SessionCredentials session() {
        if (session == null) { // backend: read only by endpoints that take a session, so others ignore the fields
            return new SessionCredentials(body.string("session_token"), body.string("session_jwt"));
        }
        return session;
    }

    /**
     * The live session of the SDK caller, for endpoints that act on "the caller" (organizations/me, recovery codes,
     * sessions/revoke). Raises {@code unauthorized_credentials} when the call carries no session, which the browser
     * SDK treats as "logged out".
     */
    public MemberSession caller() {
        if (caller == null) {
            throw new ApiException(
                    ErrorType.UNAUTHORIZED_CREDENTIALS,
                    "This call needs a member session: the Authorization password must be a session token.");
        }
        return caller.session();
    }

    /**
     * The member whose permissions this call runs with: the SDK's caller, or the backend's member-session headers;
     * empty for a backend call with the project's full authority.
     */
    public Optional<LiveSession> actor() {
        return Optional.ofNullable(actor);
    }

    /**
     * The organization the call is about: the path's {@code organization_id} (an id, slug or external id, as the
     * endpoint resolves it), or else the caller's own organization (the SDK's paths name none).
     */
    public String organizationId() {
        String path = pathOrNull("organization_id");
        if (path != null) {
            return path("organization_id");
        }
        return caller().organizationId();
    }

    /** The member the call is about: the path's {@code member_id}, or else the caller (the SDK's "self" paths). */
    public String memberId() {
        String path = pathOrNull("member_id");
        if (path != null) {
            return path("member_id");
        }
        return caller().memberId();
    }

    /** Whether the browser SDK made this call ({@code /sdk/v1}), rather than a backend. */
    public boolean isSdk() {
        return sdk;
    }

    /** A path parameter if the route has it, else null. */
    public String pathOrNull(String name) {
        return ctx.pathParamMap().get(name);
    }

    public String path(String name) {
        String value = ctx.pathParam(name);
        if (value.isBlank()) {
            throw new ApiException(ErrorType.BAD_REQUEST, name + " is required in the path.");
        }
        return JsonBody.requireStorable(value);
    }

    /**
     * The client IP the per-IP throttles count: the TCP peer, or the forwarded client when the peer is a trusted
     * proxy ({@link ClientAddresses}).
     */
    public String clientIp() {
        return ClientAddresses.of(ctx);
    }

    /** A header value or null, e.g. the member-session headers of RBAC calls. */
    public String header(String name) {
        return ctx.header(name);
    }
}
