package dev.latchkey.delivery;

import dev.latchkey.project.Project;

/** Delivers SMS for a project: through an HTTP provider, or into the dev outbox for test projects. */
public interface SmsSender {
    void send(Project project, SmsMessage message);
}
