package dev.latchkey.totp;

import dev.latchkey.app.Services;
import dev.latchkey.member.Member;
import dev.latchkey.member.NewMember;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationChanges;
import dev.latchkey.project.Project;
import dev.latchkey.recoverycode.RecoveryCodeService;
import dev.latchkey.recoverycode.RecoveryCodeStore;
import dev.latchkey.store.Database;
import dev.latchkey.testing.TestServer;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * A test server with the TOTP and recovery-code services built over its database, one organization, and
 * fresh members on demand. The services run in transactions of a pool the fixture opens on the same database.
 */
public final class TotpFixture implements AutoCloseable {
    public final TestServer server = new TestServer();
    public final Database db = Database.open(server.databaseUrl, "postgres", "", 8);
    public final Project project = server.project.project();
    public final RecoveryCodeService recoveryCodes;
    public final TotpService totp;
    public final Organization org;

    public TotpFixture() {
        Services s = server.app.services();
        recoveryCodes = new RecoveryCodeService(
                new RecoveryCodeStore(), s.secretBox(), s.otpHasher(), s.members(), server.clock);
        totp = new TotpService(new TotpStore(), recoveryCodes, s.secretBox(), s.members(), server.clock);
        org = s.organizations().create(project, organization("Acme Inc"));
    }

    public Member newMember() {
        return newMember(false);
    }

    public Member newMember(boolean pending) {
        return server.app
                .services()
                .members()
                .create(
                        project,
                        org.id(),
                        new NewMember(
                                "ada-" + UUID.randomUUID() + "@acme.test",
                                "Ada",
                                null,
                                null,
                                pending,
                                false,
                                null,
                                false,
                                List.of(),
                                null))
                .member();
    }

    /** The member as stored now. */
    public Member reload(Member m) {
        return server.app.services().members().get(project, org.id(), m.id()).member();
    }

    public <T> T tx(Function<Handle, T> work) {
        return db.inTransaction(work::apply);
    }

    /** A member with an active TOTP registration (enrolled and verified once, then the clock moved on). */
    public Enrolled enrolledMember() {
        Member m = newMember();
        TotpEnrollment e = tx(h -> totp.create(h, project, org, m, null));
        tx(h -> totp.authenticate(h, project, m, currentCode(e)));
        server.clock.advance(java.time.Duration.ofSeconds(Totp.DEFAULT.periodSeconds() * 3L));
        return new Enrolled(reload(m), e);
    }

    public String currentCode(TotpEnrollment e) {
        return Totp.DEFAULT.codeAt(Base32.decode(e.secret()), server.clock.instant());
    }

    public String codeAtStepOffset(TotpEnrollment e, int offset) {
        return Totp.DEFAULT.code(Base32.decode(e.secret()), Totp.DEFAULT.step(server.clock.instant()) + offset);
    }

    public record Enrolled(Member member, TotpEnrollment enrollment) {}

    public static OrganizationChanges organization(String name) {
        return new OrganizationChanges(
                name, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    @Override
    public void close() {
        db.close();
        server.close();
    }
}
