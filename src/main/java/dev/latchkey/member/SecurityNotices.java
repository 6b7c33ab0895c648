package dev.latchkey.member;

import dev.latchkey.delivery.MessageTemplates;
import dev.latchkey.delivery.Outbox;
import dev.latchkey.delivery.TemplateKind;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emails that tell a member their account's credentials changed (ASVS 2.2.3, 2.5.5): a password changed or
 * reset, a second factor added or removed. Whoever changes a credential calls one method here inside its
 * transaction; the email is queued in the {@link Outbox} by that same transaction, so a change that rolls back
 * announces nothing and a change that commits is announced even if the node dies right after. A notice is best
 * effort: a live project with no SMTP server configured gets none (logged), and never fails the change it reports.
 */
public final class SecurityNotices {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityNotices.class);

    private final Outbox outbox;
    private final MessageTemplates templates;

    public SecurityNotices(Outbox outbox, MessageTemplates templates) {
        this.outbox = outbox;
        this.templates = templates;
    }

    /** Emails the member that its password was changed or reset; {@code locale} may be null (English). */
    public void passwordChanged(Handle h, Project project, Organization org, Member member, String locale) {
        send(h, project, member, TemplateKind.PASSWORD_CHANGED, locale, Map.of("organization_name", org.name()));
    }

    /**
     * Compares the member's second factors before and after a change and emails one notice per factor added
     * (a phone number verified, a TOTP registration active) and per factor removed (a verified phone number or an
     * active TOTP gone, or replaced by another). Sends nothing when the factors are the same.
     */
    public void secondFactorsChanged(Handle h, Project project, Organization org, Member before, Member after) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        String phoneBefore = before.mfaPhoneNumberVerified() ? before.mfaPhoneNumber() : "";
        String phoneAfter = after.mfaPhoneNumberVerified() ? after.mfaPhoneNumber() : "";
        if (!phoneBefore.equals(phoneAfter)) {
            if (!phoneBefore.isEmpty()) {
                removed.add(sms(phoneBefore));
            }
            if (!phoneAfter.isEmpty()) {
                added.add(sms(phoneAfter));
            }
        }
        if (!before.totpRegistrationId().equals(after.totpRegistrationId())) {
            if (!before.totpRegistrationId().isEmpty()) {
                removed.add("TOTP");
            }
            if (!after.totpRegistrationId().isEmpty()) {
                added.add("TOTP");
            }
        }
        for (String factor : removed) {
            send(h, project, after, TemplateKind.SECOND_FACTOR_REMOVED, null, factorValues(org, factor));
        }
        for (String factor : added) {
            send(h, project, after, TemplateKind.SECOND_FACTOR_ADDED, null, factorValues(org, factor));
        }
    }

    /**
     * Emails the member that a TOTP code already used was presented again and refused (ASVS 2.8.5): either the
     * member entered it twice, or someone who knows the password is watching the member's codes.
     */
    public void totpCodeReplayed(Handle h, Project project, Organization org, Member member) {
        send(h, project, member, TemplateKind.TOTP_CODE_REPLAYED, null, Map.of("organization_name", org.name()));
    }

    private static Map<String, String> factorValues(Organization org, String factor) {
        return Map.of("organization_name", org.name(), "factor", factor);
    }

    /** The number is shown by its last two digits only: the email may be read by whoever holds the mailbox. */
    private static String sms(String e164) {
        return "SMS (•••" + e164.substring(Math.max(0, e164.length() - 2)) + ")";
    }

    private void send(
            Handle h, Project project, Member member, TemplateKind kind, String locale, Map<String, String> values) {
        if (!outbox.canEmail(project)) {
            LOG.warn(
                    "no {} notice to member {} of project {}: no SMTP server is configured",
                    kind.fileName(),
                    member.id(),
                    project.id());
            return;
        }
        outbox.email(h, project, templates.render(kind, locale, member.email(), values));
    }
}
