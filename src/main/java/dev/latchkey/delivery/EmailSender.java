package dev.latchkey.delivery;

import dev.latchkey.project.Project;

/** Delivers email for a project: over SMTP, or into the dev outbox for test projects. */
public interface EmailSender {
    void send(Project project, EmailMessage message);
}
