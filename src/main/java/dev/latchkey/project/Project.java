package dev.latchkey.project;

import java.time.Instant;

/** A project: the tenant every other row belongs to. Its secret is never held here, only checked. */
public record Project(
        String id, Environment environment, String publicToken, Instant createdAt, SessionLimits sessionLimits) {

    /** A project with the default session limits. */
    public Project(String id, Environment environment, String publicToken, Instant createdAt) {
        this(id, environment, publicToken, createdAt, SessionLimits.DEFAULT);
    }

    /** The id of a new object of this project, e.g. {@code organization-test-<uuid>}. */
    public String newId(String kind) {
        return dev.latchkey.crypto.Ids.of(kind, environment.segment());
    }

    public boolean isTest() {
        return environment == Environment.TEST;
    }
}
