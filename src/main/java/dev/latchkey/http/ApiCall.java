package dev.latchkey.http;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import dev.latchkey.session.MemberSession;
import dev.latchkey.session.SessionCredentials;
import io.javalin.http.Context;

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
    private final MemberSession caller;

    private ApiCall(Project project, JsonBody body, Context ctx, SessionCredentials session, MemberSession caller) {
        this.project = project;
        this.body = body;
        this.ctx = ctx;
        this.session = session;
        this.caller = caller;
    }

    /** A backend call: the session, if any, is named in the body. */
    static ApiCall backend(Project project, JsonBody body, Context ctx) {
        return new ApiCall(project, body, ctx, null, null);
    }

    /** An SDK call: the session, if any, is the live one the Authorization header proved. */
    static ApiCall sdk(Project project, JsonBody body, Context ctx, String sessionToken, MemberSession caller) {
        return new ApiCall(
                project,
                body,
                ctx,
                caller == null ? SessionCredentials.NONE : new SessionCredentials(sessionToken, null),
                caller);
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
        return caller;
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
