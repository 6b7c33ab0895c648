package dev.latchkey.sso.flow;

import dev.latchkey.project.Project;

/** Where the browser goes after an accepted IdP answer: the app URL with the sso_token, and the project it was for. */
public record Landed(Project project, String appUrl) {}
