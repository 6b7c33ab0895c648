package dev.latchkey.password;

import dev.latchkey.member.Member;
import dev.latchkey.member.NewMember;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.testing.TestServer;
import java.util.UUID;

/** Organizations and members for password tests, made through the real services. */
final class PasswordFixtures {
    private PasswordFixtures() {}

    static Organization organization(TestServer server, ProjectCredentials project) {
        String name = "Org " + UUID.randomUUID();
        TestServer.Response r = server.call(
                "POST",
                "/v1/b2b/organizations",
                "{\"organization_name\":\"" + name + "\"}",
                project.project().id(),
                project.secret());
        if (r.status() != 200) {
            throw new IllegalStateException(r.text());
        }
        return server.app.services().organizations().get(project.project(), r.at("/organization/organization_id"));
    }

    static Member member(TestServer server, ProjectCredentials project, Organization org) {
        String email = "m-" + UUID.randomUUID() + "@example.com";
        return server.app
                .services()
                .members()
                .create(
                        project.project(),
                        org.id(),
                        new NewMember(email, "Member", null, null, false, false, null, false, null, null))
                .member();
    }

    /** The member as stored now. */
    static Member reload(TestServer server, ProjectCredentials project, Member m) {
        return server.app
                .services()
                .members()
                .get(project.project(), m.organizationId(), m.id())
                .member();
    }

    static String storedHash(TestServer server, String passwordId) {
        return server.app.services().database().withHandle(h -> h.createQuery(
                        "SELECT hash FROM member_passwords WHERE id = :id")
                .bind("id", passwordId)
                .mapTo(String.class)
                .findOne()
                .orElse(null));
    }

    static int passwordRows(TestServer server, Member m) {
        return server.app.services().database().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM member_passwords WHERE member_id = :m")
                .bind("m", m.id())
                .mapTo(Integer.class)
                .one());
    }
}
