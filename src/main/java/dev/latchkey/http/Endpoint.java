package dev.latchkey.http;

/** A route's work: read the call, invoke one service method, return the response record. */
@FunctionalInterface
public interface Endpoint {
    Object handle(ApiCall call);
}
