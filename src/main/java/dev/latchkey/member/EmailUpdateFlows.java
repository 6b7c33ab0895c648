package dev.latchkey.member;

import dev.latchkey.project.Project;
import dev.latchkey.store.Database;

/**
 * {@code start_email_update}, in its own transaction: checks and reserves the new address, then sends the confirmation
 * (a magic link or an email OTP) to it. Nothing about the member changes until the confirmation comes back.
 */
public final class EmailUpdateFlows {
    private final Database db;
    private final MemberService members;
    private final EmailUpdateService emailUpdates;
    private final EmailUpdateSender links;
    private final EmailUpdateSender codes;

    /**
     * @param links sends the magic link of {@link StartEmailUpdate.Delivery#EMAIL_MAGIC_LINK}
     * @param codes sends the email OTP of {@link StartEmailUpdate.Delivery#EMAIL_OTP}
     */
    public EmailUpdateFlows(
            Database db,
            MemberService members,
            EmailUpdateService emailUpdates,
            EmailUpdateSender links,
            EmailUpdateSender codes) {
        this.db = db;
        this.members = members;
        this.emailUpdates = emailUpdates;
        this.links = links;
        this.codes = codes;
    }

    /**
     * Starts a change of the member's address and returns the member as it still is. Raises {@code invalid_email},
     * {@code organization_not_found}, {@code member_not_found} (also for a deleted member), the errors of
     * {@link EmailUpdateService#open}, the redirect URL errors and {@code too_many_requests}; a refusal leaves nothing
     * written and sends nothing.
     */
    public OrgMember start(Project project, String organizationKey, String memberKey, StartEmailUpdate request) {
        String address = EmailAddresses.normalize(request.emailAddress());
        return db.inTransaction(h -> {
            OrgMember found = members.require(h, project, organizationKey, memberKey);
            Member member = members.lock(h, found.member());
            emailUpdates.open(h, project, found.organization(), member, address);
            EmailUpdateSender sender = request.delivery() == StartEmailUpdate.Delivery.EMAIL_OTP ? codes : links;
            sender.send(h, project, found.organization(), member, address, request, EmailUpdateService.MINUTES);
            return new OrgMember(found.organization(), member);
        });
    }
}
