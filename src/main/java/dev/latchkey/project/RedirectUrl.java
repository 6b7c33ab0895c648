package dev.latchkey.project;

/** A redirect URL a project allows for one kind of link; the default is used when a request names none. */
public record RedirectUrl(RedirectKind kind, String url, boolean isDefault) {}
