package dev.latchkey.http;

/** A feature's HTTP surface: the lines it adds to the endpoint inventory ({@link Endpoints}). */
public interface FeatureRoutes {
    void declare(Endpoints e);
}
