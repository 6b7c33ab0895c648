package dev.latchkey.member;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.Project;
import dev.latchkey.store.UniqueViolation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Self-serve email changes, inside the caller's transaction: who may move to which address (opening a change that
 * reserves it), and applying a change once its confirmation comes back through magic_links/authenticate or
 * otps/email/authenticate. Stytch: the member must be active with a verified address; the new address must not be
 * another member's, nor retired by one, nor being moved to by one; the confirmation lives 5 minutes, after which the
 * address is free again.
 */
public final class EmailUpdateService {
    /** Stytch: "an Email Magic Link (or Email OTP Code) that expires in 5 minutes". */
    public static final int MINUTES = 5;

    private final EmailUpdateStore store;
    private final MemberStore members;
    private final Clock clock;

    public EmailUpdateService(EmailUpdateStore store, MemberStore members, Clock clock) {
        this.store = store;
        this.members = members;
        this.clock = clock;
    }

    /**
     * Opens a change of {@code member} to {@code address} (normalized), replacing the member's earlier open change.
     * Raises {@code email_updates_available_only_for_active_members}, {@code member_has_no_active_verified_email},
     * {@code duplicate_member_email} (the member's own address, another member's, or one another member is moving
     * to) and {@code retired_member_email} (another member's retired address).
     */
    public void open(Handle h, Project project, Organization org, Member member, String address) {
        if (!member.isActive()) {
            throw new ApiException(
                    ErrorType.EMAIL_UPDATES_AVAILABLE_ONLY_FOR_ACTIVE_MEMBERS,
                    "Only an active member can change its email address.");
        }
        if (!member.emailVerified()) {
            throw new ApiException(
                    ErrorType.MEMBER_HAS_NO_ACTIVE_VERIFIED_EMAIL,
                    "The member's current email address must be verified before it can be changed.");
        }
        if (address.equals(member.email())) {
            throw new ApiException(ErrorType.DUPLICATE_MEMBER_EMAIL, address + " is already the member's address.");
        }
        requireFree(h, project, org, member.id(), address);
        if (members.retiredByAnother(h, project.id(), org.id(), address, member.id())) {
            throw new ApiException(
                    ErrorType.RETIRED_MEMBER_EMAIL,
                    address + " is a retired address of another member; unlink it from that member first.");
        }
        Instant now = now();
        store.closeSuperseded(h, project.id(), org.id(), member.id(), address, now);
        try {
            store.insert(
                    h,
                    project.newId("email-update"),
                    project.id(),
                    org.id(),
                    member.id(),
                    address,
                    now,
                    now.plus(Duration.ofMinutes(MINUTES)));
        } catch (RuntimeException e) {
            // Another member opened a change to the same address since requireFree looked.
            UniqueViolation.index(e).orElseThrow(() -> e);
            throw movingThere(address);
        }
    }

    /**
     * Applies the live change of {@code memberId} to {@code address}: the address becomes the member's, verified, and
     * the old one is retired. Raises {@code unable_to_verify_member_email_update} when there is no such live change
     * (replaced, expired, already applied) or the member is no longer active, and {@code duplicate_member_email} when
     * another member took the address meanwhile.
     */
    public Member apply(Handle h, Project project, Organization org, String memberId, String address) {
        store.close(h, project.id(), org.id(), memberId, address, now()).orElseThrow(EmailUpdateService::unverifiable);
        return move(h, project, org, memberId, address);
    }

    /**
     * Applies the live change of whichever member is moving to {@code address} (email OTPs name the address, not the
     * member); empty when none is. Raises as {@link #apply}.
     */
    public Optional<Member> applyTo(Handle h, Project project, Organization org, String address) {
        return store.close(h, project.id(), org.id(), null, address, now())
                .map(memberId -> move(h, project, org, memberId, address));
    }

    private Member move(Handle h, Project project, Organization org, String memberId, String address) {
        Member current = members.lock(h, project.id(), memberId).orElseThrow(EmailUpdateService::unverifiable);
        if (!current.isActive()) {
            throw unverifiable();
        }
        members.findByEmail(h, project.id(), org.id(), address).ifPresent(other -> {
            throw new ApiException(
                    ErrorType.DUPLICATE_MEMBER_EMAIL, address + " has become another member's address meanwhile.");
        });
        List<RetiredEmail> retired = new ArrayList<>();
        for (RetiredEmail r : current.retiredEmails()) {
            if (!r.emailAddress().equals(address)) { // moving back to a retired address un-retires it
                retired.add(r);
            }
        }
        retired.add(new RetiredEmail(current.emailId(), current.email()));
        Member.Builder b = current.toBuilder();
        b.email = address;
        b.emailId = project.newId("email");
        b.emailVerified = true; // the confirmation reached the new address
        b.retiredEmails = retired;
        Member moved = b.build(now());
        try {
            members.update(h, moved);
            return moved;
        } catch (RuntimeException e) {
            UniqueViolation.index(e).orElseThrow(() -> e);
            throw new ApiException(ErrorType.DUPLICATE_MEMBER_EMAIL, address + " is another member's address.");
        }
    }

    private void requireFree(Handle h, Project project, Organization org, String memberId, String address) {
        if (members.findByEmail(h, project.id(), org.id(), address).isPresent()) {
            throw new ApiException(
                    ErrorType.DUPLICATE_MEMBER_EMAIL,
                    "A member with email " + address + " already exists in this organization.");
        }
        if (store.reserved(h, project.id(), org.id(), address, memberId, now())) {
            throw movingThere(address);
        }
    }

    private static ApiException movingThere(String address) {
        return new ApiException(
                ErrorType.DUPLICATE_MEMBER_EMAIL,
                "Another member of this organization is changing to " + address + ".");
    }

    private static ApiException unverifiable() {
        return new ApiException(
                ErrorType.UNABLE_TO_VERIFY_MEMBER_EMAIL_UPDATE,
                "This email change is no longer open: it was replaced, it expired, or it was already confirmed.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
