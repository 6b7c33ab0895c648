package dev.latchkey.http;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import io.javalin.http.Context;

/** What a route sees of one authenticated request: the project, the parsed body, path and query values. */
public final class ApiCall {
    private final Project project;
    private final JsonBody body;
    private final Context ctx;

    ApiCall(Project project, JsonBody body, Context ctx) {
        this.project = project;
        this.body = body;
        this.ctx = ctx;
    }

    public Project project() {
        return project;
    }

    /** The JSON body; for GET requests, the query parameters as a body of strings. */
    public JsonBody body() {
        return body;
    }

    public String path(String name) {
        String value = ctx.pathParam(name);
        if (value.isBlank()) {
            throw new ApiException(ErrorType.BAD_REQUEST, name + " is required in the path.");
        }
        return JsonBody.noNul(name, value);
    }

    /** A header value or null, e.g. the member-session headers of RBAC calls. */
    public String header(String name) {
        return ctx.header(name);
    }
}
