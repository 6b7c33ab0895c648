package dev.latchkey.http;

/**
 * Where a feature registers its endpoints: {@link ApiRouter} for the backend ({@code /v1/...}, project secret) and
 * {@link SdkRouter} for the browser SDK ({@code /sdk/v1/...}, public token and the caller's session). An endpoint
 * written once as a method of the feature's routes class is registered on both; only auth and wrapping differ.
 */
public interface Router {
    void get(String path, Endpoint endpoint);

    void post(String path, Endpoint endpoint);

    void put(String path, Endpoint endpoint);

    void delete(String path, Endpoint endpoint);
}
