package dev.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.app.Application;
import dev.latchkey.testing.TestServer;
import io.javalin.Javalin;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The endpoint inventory is the truth: the routes the server serves are exactly those it declares (plus the probes),
 * and {@code docs/endpoints.md} is exactly the table generated from it.
 */
class EndpointInventoryTest {
    private static final Path DOC = Path.of("docs/endpoints.md");

    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theServedRoutesAreTheInventory() {
        Set<String> declared = new HashSet<>(EndpointTable.INFRASTRUCTURE);
        for (Route r : server.app.routes()) {
            String method = r.method().name().toUpperCase(Locale.ROOT);
            if (r.onBackend()) {
                declared.add(method + " " + r.backendPath());
            }
            if (r.onSdk()) {
                declared.add(method + " " + r.sdkPath());
            }
        }
        assertThat(served(server.app)).containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void everyGatedSdkRouteNeedsASession() {
        for (Route r : server.app.routes()) {
            if (r.onSdk() && r.gate().isGated()) {
                assertThat(r.sdkAccess()).as(r.sdkPath()).isEqualTo(SdkAccess.MEMBER);
            }
        }
    }

    @Test
    void docsEndpointsMdIsGeneratedFromTheInventory() throws IOException {
        String generated = EndpointTable.markdown(server.app.routes());
        if (Boolean.getBoolean("latchkey.writeEndpoints")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/endpoints.md is stale: run EndpointInventoryTest with -Dlatchkey.writeEndpoints=true")
                .isEqualTo(generated);
    }

    /** The HTTP routes Javalin serves, read from its router (as the fuzz tests' RouteCatalog does). */
    private static List<String> served(Application app) {
        Javalin javalin;
        try {
            Field http = Application.class.getDeclaredField("http");
            http.setAccessible(true);
            javalin = (Javalin) http.get(app);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Application no longer holds its Javalin in a field named http", e);
        }
        List<String> out = new ArrayList<>();
        javalin.unsafe.internalRouter.allHttpHandlers().stream()
                .map(p -> p.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(e -> e.method.name().toUpperCase(Locale.ROOT) + " " + e.path)
                .distinct()
                .forEach(out::add);
        return out;
    }
}
