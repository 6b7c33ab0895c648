package dev.latchkey.delivery;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import java.util.List;

/** {@code GET /dev/v1/messages}: the dev outbox of a test project (DESIGN.md "Delivery"). */
public final class OutboxRoutes implements FeatureRoutes {
    private final DevOutbox outbox;

    public OutboxRoutes(DevOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void declare(Endpoints e) {
        e.get("/dev/v1/messages").to(call -> {
            if (!call.project().isTest()) {
                throw new ApiException(ErrorType.ROUTE_NOT_FOUND, "The dev outbox exists only for test projects.");
            }
            Integer limit = call.body().integer("limit");
            return new Messages(outbox.list(call.project(), limit == null ? 100 : Math.max(1, Math.min(limit, 1000))));
        });
    }

    record Messages(List<OutboxMessage> messages) {}
}
