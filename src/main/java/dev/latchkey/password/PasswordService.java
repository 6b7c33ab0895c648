package dev.latchkey.password;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.EmailAddresses;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.NewMember;
import dev.latchkey.member.OrgMember;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Member passwords: checking one, setting one (strength-checked, hashed with Argon2id), importing a hash
 * from another system, and the strength check itself. A member's password is the {@code member_passwords}
 * row whose id is {@link Member#passwordId()}; setting a new one deletes the old row.
 */
public final class PasswordService {
    /** An id no member or password has: the unknown-address path runs its statements against it. */
    public static final String NO_MEMBER = "";

    private final Database db;
    private final PasswordStore store;
    private final PasswordHasher hasher;
    private final PasswordStrength strength;
    private final MemberService members;
    private final OrganizationService organizations;
    private final Clock clock;

    public PasswordService(
            Database db,
            PasswordStore store,
            PasswordHasher hasher,
            PasswordStrength strength,
            MemberService members,
            OrganizationService organizations,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.hasher = hasher;
        this.strength = strength;
        this.members = members;
        this.organizations = organizations;
        this.clock = clock;
    }

    /** The result of a migrate call: the member (new or existing) with its organization. */
    public record MigrateResult(Organization organization, Member member, boolean memberCreated) {}

    /**
     * Checks the member's password inside the caller's transaction. A match stored in an imported form or
     * with older Argon2 parameters is re-hashed to current Argon2id in the same transaction.
     *
     * <p>Raises {@code unauthorized_credentials} (401) both when the password is wrong and when the member has
     * no password. Choice: Stytch also names {@code member_password_not_found} (404) for the latter, but
     * answering differently (and, without the dummy hash spent here, faster) would tell a caller which
     * members have passwords; a member without one is told to log in another way or reset, like any failure.
     *
     * <p>Returns true when the password matched but {@code require_reset} has marked it: the caller refuses it, after
     * its lock check, so only someone who knows the password learns that it must be reset.
     */
    public boolean verify(Handle h, Project project, Member member, String password) {
        // Read even when the member has no password, so that answer costs the same statements as any other.
        Optional<PasswordStore.Stored> stored = store.hash(h, project.id(), member.id(), member.passwordId());
        if (stored.isEmpty()) {
            hasher.dummyVerify(password);
            throw unauthorized();
        }
        PasswordHasher.Verification v = hasher.verify(password, stored.get().hash());
        if (!v.matches()) {
            throw unauthorized();
        }
        if (v.needsRehash()) {
            store.updateHash(h, project.id(), member.passwordId(), hasher.hash(password), now());
        }
        return stored.get().resetRequired();
    }

    /**
     * Like {@link #verify} but holds no database connection while the hash runs: the stored hash is read in one
     * short statement, compared outside any transaction, and a migrated hash is re-hashed in its own short
     * transaction. Logins use this so a burst of Argon2id work (bounded to the cores) cannot exhaust the pool.
     * Returns what {@link #verify} returns.
     */
    public boolean verifyOutsideTransaction(Project project, Member member, String password) {
        Optional<PasswordStore.Stored> stored =
                db.withHandle(h -> store.hash(h, project.id(), member.id(), member.passwordId()));
        if (stored.isEmpty()) {
            hasher.dummyVerify(password);
            throw unauthorized();
        }
        PasswordHasher.Verification v = hasher.verify(password, stored.get().hash());
        if (!v.matches()) {
            throw unauthorized();
        }
        if (v.needsRehash()) {
            String rehashed = hasher.hash(password);
            db.inTransaction(h -> {
                store.updateHash(h, project.id(), member.passwordId(), rehashed, now());
                return null;
            });
        }
        return stored.get().resetRequired();
    }

    /**
     * {@code DELETE …/members/passwords/{member_password_id}}: the member of this organization whose password it is
     * has none afterwards. Raises {@code member_password_not_found} (also for another organization's password).
     */
    public OrgMember delete(Project project, String organizationKey, String passwordId) {
        return db.inTransaction(h -> {
            Organization org = organizations.require(h, project, organizationKey);
            ApiException notFound =
                    new ApiException(ErrorType.MEMBER_PASSWORD_NOT_FOUND, "Password " + passwordId + " was not found.");
            String memberId = store.memberOf(h, project.id(), passwordId).orElseThrow(() -> notFound);
            Member member = members.lock(h, members.requireAnyOrganization(h, project, memberId));
            if (!member.organizationId().equals(org.id())
                    || !member.passwordId().equals(passwordId)) {
                throw notFound;
            }
            store.deleteAll(h, project.id(), member.id());
            Member.Builder b = member.toBuilder();
            b.passwordId = "";
            return new OrgMember(org, members.save(h, b.build(now())));
        });
    }

    /**
     * Spends what {@link #verifyOutsideTransaction} spends on a wrong password, for a login attempt whose email
     * address matches no member: the same hash read (for an id no member has, so it finds nothing) and one Argon2id
     * verification with the current parameters. A caller cannot tell members from strangers by the time or the
     * database load of the answer.
     */
    public void verifyUnknown(Project project, String password) {
        db.withHandle(h -> store.hash(h, project.id(), NO_MEMBER, NO_MEMBER));
        hasher.dummyVerify(password);
    }

    /** {@link #verifyUnknown(Project, String)} inside the caller's transaction, as {@link #verify} is. */
    public void verifyUnknown(Handle h, Project project, String password) {
        store.hash(h, project.id(), NO_MEMBER, NO_MEMBER);
        hasher.dummyVerify(password);
    }

    /** How many password hashes and verifications (real or dummy) this server has computed; for tests and metrics. */
    public long hashComputations() {
        return hasher.computations();
    }

    /**
     * Sets a new password for the member inside the caller's transaction and returns the member with its new
     * {@code passwordId}, saved. Raises {@code breached_password} or {@code weak_password} (400) if the password
     * fails the strength policy; the member row is locked so concurrent changes serialise.
     */
    public Member setPassword(Handle h, Project project, Member member, String password) {
        strength.require(password, member.email());
        return replace(h, project, member, hasher.hash(password));
    }

    /**
     * Gives the member an imported hash (no strength check: the password is unknown) inside the caller's
     * transaction; it is re-hashed to Argon2id at the member's next good login. Raises the hash type's 400
     * error (see {@link HashImports#encode}) if the hash is malformed.
     */
    public Member importHash(Handle h, Project project, Member member, HashImport hash) {
        return replace(h, project, member, HashImports.encode(hash));
    }

    /** Scores a candidate password under the strength policy (never raises for a weak one). */
    public StrengthCheck strengthCheck(String password, String email) {
        return strength.check(password, email);
    }

    /** The LUDS rules when the policy is LUDS; empty under zxcvbn (the browser SDK's bootstrap tells which). */
    public java.util.Optional<PasswordStrength.LudsRules> ludsRules() {
        return strength.ludsRules();
    }

    /**
     * {@code passwords/migrate}: gives the member with this email address the imported hash, creating an
     * active member if there is none, and marks the email address verified (as Stytch does). The hash is
     * validated before anything is written, so a bad hash changes nothing. Raises the hash errors of
     * {@link HashImports#encode}, {@code invalid_email}, {@code organization_not_found}, and the member
     * creation errors of {@link MemberService#create}.
     */
    public MigrateResult migrate(Project project, PasswordMigration m) {
        String stored = HashImports.encode(m.hash());
        String email = EmailAddresses.normalize(m.emailAddress());
        return db.inTransaction(h -> {
            Organization org = organizations.require(h, project, m.organizationId());
            Member existing = members.findByEmail(h, project, org, email);
            boolean created = existing == null;
            Member member = created
                    ? members.create(
                            h,
                            project,
                            org,
                            new NewMember(
                                    email,
                                    m.name(),
                                    m.trustedMetadata(),
                                    m.untrustedMetadata(),
                                    false,
                                    false,
                                    m.mfaPhoneNumber(),
                                    false,
                                    m.roles(),
                                    m.externalId()))
                    : existing;
            Member.Builder b = member.toBuilder();
            b.emailVerified = true;
            if (created
                    && m.setPhoneNumberVerified()
                    && !member.mfaPhoneNumber().isEmpty()) {
                b.mfaPhoneNumberVerified = true;
            }
            return new MigrateResult(org, replace(h, project, b.build(now()), stored), created);
        });
    }

    /** Stores {@code hash} as the member's new password row, drops the member's other rows, saves the member. */
    private Member replace(Handle h, Project project, Member member, String hash) {
        members.lock(h, member);
        Instant now = now();
        String id = project.newId("member-password");
        store.insert(h, project.id(), id, member.id(), hash, now);
        store.deleteOthers(h, project.id(), member.id(), id);
        Member.Builder b = member.toBuilder();
        b.passwordId = id;
        return members.save(h, b.build(now));
    }

    private static ApiException unauthorized() {
        return new ApiException(
                ErrorType.UNAUTHORIZED_CREDENTIALS, "The email address and password do not match a member's password.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
