package dev.latchkey.member;

import dev.latchkey.organization.Organization;
import dev.latchkey.project.Project;
import org.jdbi.v3.core.Handle;

/**
 * Sends the confirmation of an email change to the new address, inside the caller's transaction. The magic-link and
 * email-OTP features implement it, as they own those credentials; {@code member/} only decides who may move where.
 */
@FunctionalInterface
public interface EmailUpdateSender {
    /**
     * Sends one confirmation, valid {@code minutes}, for {@code member} to {@code newAddress}; raises the redirect URL
     * errors and {@code too_many_requests}.
     */
    void send(
            Handle h,
            Project project,
            Organization org,
            Member member,
            String newAddress,
            StartEmailUpdate request,
            int minutes);
}
