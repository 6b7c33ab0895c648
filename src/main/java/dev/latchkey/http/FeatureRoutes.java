package dev.latchkey.http;

/** A feature's HTTP surface: its backend routes ({@code /v1/...}) and, where the browser SDK may call them, its SDK routes. */
public interface FeatureRoutes {
    /** Registers the backend routes, authenticated with the project secret. */
    default void addTo(ApiRouter r) {}

    /** Registers the browser-SDK routes, authenticated with the public token. */
    default void addSdkTo(SdkRouter r) {}
}
