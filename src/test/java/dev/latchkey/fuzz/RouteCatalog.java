package dev.latchkey.fuzz;

import dev.latchkey.app.Application;
import io.javalin.Javalin;
import java.lang.reflect.Field;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The routes of a running server, read from its Javalin router rather than copied by hand, so a route added later is
 * fuzzed too (and the test fails until it has a seed). {@link Application} keeps its Javalin instance private and
 * nothing in {@code src/main} needs it, so it is read by reflection here; a rename fails this loudly.
 */
final class RouteCatalog {
    /** A registered route: method and path template, e.g. {@code GET /v1/b2b/organizations/{organization_id}}. */
    record Route(String method, String path) {
        boolean isSdk() {
            return path.startsWith("/sdk/v1/");
        }

        String key() {
            return method + " " + path;
        }
    }

    private RouteCatalog() {}

    static List<Route> of(Application app) {
        Javalin javalin;
        try {
            Field http = Application.class.getDeclaredField("http");
            http.setAccessible(true);
            javalin = (Javalin) http.get(app);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Application no longer holds its Javalin in a field named http", e);
        }
        return javalin.unsafe.internalRouter.allHttpHandlers().stream()
                .map(p -> p.endpoint)
                // before/after filters are registered as handlers too; only HTTP methods are routes
                .filter(e -> e.method.isHttpMethod())
                .map(e -> new Route(e.method.name().toUpperCase(Locale.ROOT), e.path))
                .distinct()
                .sorted(Comparator.comparing(Route::path).thenComparing(Route::method))
                .toList();
    }
}
