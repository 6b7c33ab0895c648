package dev.latchkey.project;

/** A project with its secret in clear: exists only at creation or rotation, shown once. */
public record ProjectCredentials(Project project, String secret) {}
