package dev.latchkey.sso.flow;

import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The project of a connection named only by the callback path: an IdP-initiated SAML login carries no state of ours,
 * and no credentials, so the connection id is all there is. Connection ids are unique across projects (random).
 */
final class SsoConnectionProjects {
    private SsoConnectionProjects() {}

    static Optional<Project> projectOf(Handle h, ProjectService projects, String connectionId) {
        return h.createQuery("SELECT project_id FROM sso_connections WHERE id = :c")
                .bind("c", connectionId)
                .mapTo(String.class)
                .findOne()
                .flatMap(projects::find);
    }
}
