package dev.latchkey.member;

import static dev.latchkey.testing.Sdk.error;
import static dev.latchkey.testing.Sdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.api.organizationsmembers.Members;
import com.stytch.java.b2b.models.organizations.Member;
import com.stytch.java.b2b.models.organizations.MemberRole;
import com.stytch.java.b2b.models.organizations.MemberRoleSource;
import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.organizations.SearchQuery;
import com.stytch.java.b2b.models.organizations.SearchQueryOperator;
import com.stytch.java.b2b.models.organizationsmembers.CreateRequest;
import com.stytch.java.b2b.models.organizationsmembers.CreateResponse;
import com.stytch.java.b2b.models.organizationsmembers.DeleteMFAPhoneNumberRequest;
import com.stytch.java.b2b.models.organizationsmembers.DeletePasswordRequest;
import com.stytch.java.b2b.models.organizationsmembers.DeleteRequest;
import com.stytch.java.b2b.models.organizationsmembers.DeleteTOTPRequest;
import com.stytch.java.b2b.models.organizationsmembers.GetRequest;
import com.stytch.java.b2b.models.organizationsmembers.ReactivateRequest;
import com.stytch.java.b2b.models.organizationsmembers.SearchRequest;
import com.stytch.java.b2b.models.organizationsmembers.SearchResponse;
import com.stytch.java.b2b.models.organizationsmembers.UpdateRequest;
import dev.latchkey.testing.Sql;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every member endpoint driven through the official Java SDK (issue 2): requests it sends, models it maps. */
class MemberSdkCompatibilityTest {
    static TestServer server;
    static StytchB2BClient sdk;
    static Members members;
    static Organization org;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sdk = server.sdk();
        members = sdk.getOrganizations().getMembers();
        org = ok(sdk.getOrganizations()
                        .createCompletable(new com.stytch.java.b2b.models.organizations.CreateRequest(
                                "Members Inc", "members-inc")))
                .getOrganization();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        server.close();
    }

    @Test
    void createWhenEveryFieldIsGivenThenSdkMapsEveryValueBack() {
        CreateRequest request = new CreateRequest(
                org.getOrganizationId(),
                "ada@example.com",
                "Ada Lovelace",
                Map.of("employee_id", 42, "teams", List.of("core")),
                Map.of("theme", "dark"),
                false,
                true,
                "+14155552671",
                true,
                List.of("stytch_admin"),
                "ext-ada");

        CreateResponse created = ok(members.createCompletable(request, null));

        assertThat(created.getStatusCode()).isEqualTo(200);
        assertThat(created.getMemberId()).startsWith("member-test-");
        assertThat(created.getOrganization().getOrganizationId()).isEqualTo(org.getOrganizationId());
        Member m = created.getMember();
        assertAda(m);
        assertThat(m.getMemberId()).isEqualTo(created.getMemberId());
        assertThat(m.getCreatedAt()).isEqualTo(server.clock.instant());

        var fetched = ok(members.getCompletable(new GetRequest(org.getOrganizationId(), created.getMemberId())));
        assertThat(fetched.getMember()).isEqualTo(m);
        assertThat(fetched.getMemberId()).isEqualTo(created.getMemberId());
        assertThat(fetched.getOrganization()).isEqualTo(created.getOrganization());
    }

    private static void assertAda(Member m) {
        assertThat(m.getOrganizationId()).isEqualTo(org.getOrganizationId());
        assertThat(m.getEmailAddress()).isEqualTo("ada@example.com");
        assertThat(m.getEmailAddressVerified()).isFalse();
        assertThat(m.getStatus()).isEqualTo("active");
        assertThat(m.getName()).isEqualTo("Ada Lovelace");
        assertThat(m.getTrustedMetadata()).isEqualTo(Map.of("employee_id", 42.0, "teams", List.of("core")));
        assertThat(m.getUntrustedMetadata()).isEqualTo(Map.of("theme", "dark"));
        assertThat(m.isBreakglass()).isTrue();
        assertThat(m.isAdmin()).isTrue();
        assertThat(m.isLocked()).isFalse();
        assertThat(m.getLockCreatedAt()).isNull();
        assertThat(m.getLockExpiresAt()).isNull();
        assertThat(m.getMemberPasswordId()).isEmpty();
        assertThat(m.getMfaEnrolled()).isTrue();
        assertThat(m.getMfaPhoneNumber()).isEqualTo("+14155552671");
        assertThat(m.getMfaPhoneNumberVerified()).isFalse();
        assertThat(m.getDefaultMfaMethod()).isEmpty();
        assertThat(m.getTotpRegistrationId()).isEmpty();
        assertThat(m.getExternalId()).isEqualTo("ext-ada");
        assertThat(m.getRetiredEmailAddresses()).isEmpty();
        assertThat(m.getSsoRegistrations()).isEmpty();
        assertThat(m.getOauthRegistrations()).isEmpty();
        assertThat(m.getScimRegistration()).isNull();
        assertThat(m.getRoles())
                .containsExactlyInAnyOrder(
                        new MemberRole("stytch_member", List.of(new MemberRoleSource("direct_assignment", Map.of()))),
                        new MemberRole("stytch_admin", List.of(new MemberRoleSource("direct_assignment", Map.of()))));
    }

    @Test
    void createWhenAskedForPendingThenMemberIsPendingWithDefaults() {
        Member m = ok(members.createCompletable(
                        new CreateRequest(org.getOrganizationId(), "pending@example.com", null, null, null, true),
                        null))
                .getMember();

        assertThat(m.getStatus()).isEqualTo("pending");
        assertThat(m.getName()).isEmpty();
        assertThat(m.getTrustedMetadata()).isEmpty();
        assertThat(m.getUntrustedMetadata()).isEmpty();
        assertThat(m.getMfaPhoneNumber()).isEmpty();
        assertThat(m.isAdmin()).isFalse();
        assertThat(m.getExternalId()).isNull();
        assertThat(m.getRoles()).extracting(MemberRole::getRoleId).containsExactly("stytch_member");
    }

    @Test
    void getWhenGivenExternalIdOrEmailThenFindsTheMember() {
        Member m = createMember("lookup@example.com", "ext-lookup");

        assertThat(ok(members.getCompletable(new GetRequest(org.getOrganizationId(), "ext-lookup")))
                        .getMemberId())
                .isEqualTo(m.getMemberId());
        assertThat(ok(members.getCompletable(new GetRequest(org.getOrganizationId(), null, "lookup@example.com")))
                        .getMemberId())
                .isEqualTo(m.getMemberId());
        // The organization may be named by its slug too.
        assertThat(ok(members.getCompletable(new GetRequest(org.getOrganizationSlug(), m.getMemberId())))
                        .getMemberId())
                .isEqualTo(m.getMemberId());
    }

    @Test
    void updateWhenFieldsAreGivenThenTheyChangeAndTheRestIsKept() {
        Member m = createMember("update@example.com", null);
        server.clock.advance(Duration.ofMinutes(1));

        UpdateRequest request = new UpdateRequest(
                org.getOrganizationId(),
                m.getMemberId(),
                "New Name",
                Map.of("level", "senior"),
                Map.of("lang", "fr"),
                true,
                "+442071838750",
                true,
                List.of("stytch_admin"),
                false,
                "sms_otp",
                null,
                "ext-updated");
        Member updated = ok(members.updateCompletable(request, null)).getMember();

        assertThat(updated.getName()).isEqualTo("New Name");
        assertThat(updated.getTrustedMetadata()).isEqualTo(Map.of("level", "senior"));
        assertThat(updated.getUntrustedMetadata()).isEqualTo(Map.of("lang", "fr"));
        assertThat(updated.isBreakglass()).isTrue();
        assertThat(updated.getMfaPhoneNumber()).isEqualTo("+442071838750");
        assertThat(updated.getMfaEnrolled()).isTrue();
        assertThat(updated.isAdmin()).isTrue();
        assertThat(updated.getDefaultMfaMethod()).isEqualTo("sms_otp");
        assertThat(updated.getExternalId()).isEqualTo("ext-updated");
        assertThat(updated.getEmailAddress()).isEqualTo("update@example.com");
        assertThat(updated.getStatus()).isEqualTo("active");
        assertThat(updated.getCreatedAt()).isEqualTo(m.getCreatedAt());
        assertThat(updated.getUpdatedAt()).isEqualTo(server.clock.instant());
        assertThat(ok(members.getCompletable(new GetRequest(org.getOrganizationId(), m.getMemberId())))
                        .getMember())
                .isEqualTo(updated);
    }

    @Test
    void updateWhenSdkSendsEmptyMetadataAndRolesThenTheyAreUnchanged() {
        Member m = ok(members.createCompletable(
                        new CreateRequest(
                                org.getOrganizationId(),
                                "keep@example.com",
                                "Keep",
                                Map.of("keep", "me"),
                                Map.of("mine", "too"),
                                null,
                                null,
                                null,
                                null,
                                List.of("stytch_admin")),
                        null))
                .getMember();

        // members.update(org, member, name) sends trusted_metadata:{}, untrusted_metadata:{} and roles:[].
        Member renamed = ok(members.updateCompletable(
                        new UpdateRequest(org.getOrganizationId(), m.getMemberId(), "Renamed"), null))
                .getMember();

        assertThat(renamed.getName()).isEqualTo("Renamed");
        assertThat(renamed.getTrustedMetadata()).isEqualTo(Map.of("keep", "me"));
        assertThat(renamed.getUntrustedMetadata()).isEqualTo(Map.of("mine", "too"));
        assertThat(renamed.isAdmin()).isTrue();
    }

    @Test
    void updateWhenEmailChangesThenOldAddressIsRetiredAndNewOneUnverified() {
        Member m = createMember("old-address@example.com", null);
        Sql.update(server.databaseUrl, "UPDATE members SET email_verified = true WHERE id = ?", m.getMemberId());
        UpdateRequest request = new UpdateRequest(
                org.getOrganizationId(),
                m.getMemberId(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "New-Address@example.com");

        Member updated = ok(members.updateCompletable(request, null)).getMember();

        assertThat(updated.getEmailAddress()).isEqualTo("new-address@example.com");
        assertThat(updated.getEmailAddressVerified()).isFalse();
        assertThat(updated.getRetiredEmailAddresses()).singleElement().satisfies(r -> {
            assertThat(r.getEmailAddress()).isEqualTo("old-address@example.com");
            assertThat(r.getEmailId()).startsWith("email-test-");
        });
        error(
                members.getCompletable(new GetRequest(org.getOrganizationId(), null, "old-address@example.com")),
                "member_not_found",
                404);
        createMember("old-address@example.com", null); // the retired address is free for others
    }

    @Test
    void updateWhenEmailBelongsToAnotherMemberThenDuplicateMemberEmail() {
        createMember("occupied@example.com", null);
        Member m = createMember("wants-occupied@example.com", null);
        UpdateRequest request = new UpdateRequest(
                org.getOrganizationId(),
                m.getMemberId(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "occupied@example.com");

        error(members.updateCompletable(request, null), "duplicate_member_email", 400);
    }

    @Test
    void updateWhenMemberAlreadyHasAnotherPhoneThenRejected() {
        Member m = ok(members.createCompletable(
                        new CreateRequest(
                                org.getOrganizationId(),
                                "phone-twice@example.com",
                                null,
                                null,
                                null,
                                null,
                                null,
                                "+14155552671"),
                        null))
                .getMember();
        UpdateRequest request =
                new UpdateRequest(org.getOrganizationId(), m.getMemberId(), null, null, null, null, "+442071838750");

        error(members.updateCompletable(request, null), "duplicate_member_phone_number_for_member", 400);
    }

    @Test
    void updateWhenDefaultMfaMethodHasNoFactorThenRejected() {
        Member m = createMember("no-totp@example.com", null);
        UpdateRequest request = new UpdateRequest(
                org.getOrganizationId(), m.getMemberId(), null, null, null, null, null, null, null, null, "totp");

        error(members.updateCompletable(request, null), "default_mfa_member_missing_factor", 400);
    }

    @Test
    void deleteWhenMemberExistsThenHiddenFromGetAndSearchUnlessDeletedStatusAsked() {
        Member m = createMember("delete-me@example.com", null);

        var deleted = ok(members.deleteCompletable(new DeleteRequest(org.getOrganizationId(), m.getMemberId()), null));

        assertThat(deleted.getMemberId()).isEqualTo(m.getMemberId());
        error(
                members.getCompletable(new GetRequest(org.getOrganizationId(), m.getMemberId())),
                "member_not_found",
                404);
        SearchQuery byEmail =
                query(Map.of("filter_name", "member_emails", "filter_value", List.of("delete-me@example.com")));
        assertThat(search(byEmail).getMembers()).isEmpty();
        SearchQuery deletedByEmail = new SearchQuery(
                SearchQueryOperator.AND,
                List.of(
                        Map.of("filter_name", "member_emails", "filter_value", List.of("delete-me@example.com")),
                        Map.of("filter_name", "statuses", "filter_value", List.of("deleted"))));
        List<Member> found = search(deletedByEmail).getMembers();
        assertThat(found).extracting(Member::getMemberId).containsExactly(m.getMemberId());
        assertThat(found.get(0).getStatus()).isEqualTo("deleted");
        // The address is free again for a new member.
        createMember("delete-me@example.com", null);
    }

    @Test
    void reactivateWhenEmailIsUnverifiedThenRejectedAndMemberStaysDeleted() {
        Member m = createMember("unverified@example.com", null);
        ok(members.deleteCompletable(new DeleteRequest(org.getOrganizationId(), m.getMemberId()), null));

        error(
                members.reactivateCompletable(new ReactivateRequest(org.getOrganizationId(), m.getMemberId()), null),
                "email_unverified_for_reactivation",
                400);
        error(
                members.getCompletable(new GetRequest(org.getOrganizationId(), m.getMemberId())),
                "member_not_found",
                404);
    }

    @Test
    void reactivateWhenEmailIsVerifiedThenMemberIsActiveAgain() {
        Member m = createMember("verified@example.com", null);
        ok(members.deleteCompletable(new DeleteRequest(org.getOrganizationId(), m.getMemberId()), null));
        // No endpoint of issue 2 verifies an email address yet; set it as a login would.
        assertThat(Sql.update(
                        server.databaseUrl, "UPDATE members SET email_verified = true WHERE id = ?", m.getMemberId()))
                .isEqualTo(1);

        var reactivated = ok(
                members.reactivateCompletable(new ReactivateRequest(org.getOrganizationId(), m.getMemberId()), null));

        assertThat(reactivated.getMemberId()).isEqualTo(m.getMemberId());
        assertThat(reactivated.getMember().getStatus()).isEqualTo("active");
        assertThat(reactivated.getMember().getEmailAddressVerified()).isTrue();
        assertThat(reactivated.getOrganization().getOrganizationId()).isEqualTo(org.getOrganizationId());
        assertThat(ok(members.getCompletable(new GetRequest(org.getOrganizationId(), m.getMemberId())))
                        .getMember()
                        .getStatus())
                .isEqualTo("active");
    }

    @Test
    void reactivateWhenEmailWasTakenMeanwhileThenRejected() {
        Member m = createMember("taken-meanwhile@example.com", null);
        ok(members.deleteCompletable(new DeleteRequest(org.getOrganizationId(), m.getMemberId()), null));
        Sql.update(server.databaseUrl, "UPDATE members SET email_verified = true WHERE id = ?", m.getMemberId());
        createMember("taken-meanwhile@example.com", null);

        error(
                members.reactivateCompletable(new ReactivateRequest(org.getOrganizationId(), m.getMemberId()), null),
                "reactivation_email_belongs_to_another_member",
                400);
    }

    @Test
    void reactivateWhenMemberIsActiveThenNoDeletedMemberFound() {
        Member m = createMember("still-active@example.com", null);

        error(
                members.reactivateCompletable(new ReactivateRequest(org.getOrganizationId(), m.getMemberId()), null),
                "no_deleted_member_found_for_reactivation",
                404);
    }

    @Test
    void searchWhenResultsSpanPagesThenCursorWalksThemAndReturnsTheOrganizations() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            server.clock.advance(Duration.ofSeconds(1));
            expected.add(createMember("pager" + i + "@paging.example", null).getMemberId());
        }
        SearchQuery query = query(Map.of("filter_name", "member_email_fuzzy", "filter_value", "@paging.exam"));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SearchResponse page = ok(members.searchCompletable(
                    new SearchRequest(List.of(org.getOrganizationId()), cursor, 2L, query), null));
            assertThat(page.getResultsMetadata().getTotal()).isEqualTo(5);
            assertThat(page.getOrganizations()).containsOnlyKeys(org.getOrganizationId());
            assertThat(page.getOrganizations().get(org.getOrganizationId()).getOrganizationSlug())
                    .isEqualTo("members-inc");
            page.getMembers().forEach(m -> seen.add(m.getMemberId()));
            cursor = page.getResultsMetadata().getNextCursor();
            pages++;
        } while (cursor != null && !cursor.isEmpty() && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void searchWhenFilteringByPhoneAndBreakglassThenOnlyMatchingMembers() {
        Member glass = ok(members.createCompletable(
                        new CreateRequest(
                                org.getOrganizationId(),
                                "glass@example.com",
                                null,
                                null,
                                null,
                                null,
                                true,
                                "+33142685300"),
                        null))
                .getMember();
        SearchQuery query = new SearchQuery(
                SearchQueryOperator.AND,
                List.of(
                        Map.of("filter_name", "member_phone_numbers", "filter_value", List.of("+33142685300")),
                        Map.of("filter_name", "member_is_breakglass", "filter_value", true)));

        assertThat(search(query).getMembers()).extracting(Member::getMemberId).containsExactly(glass.getMemberId());
    }

    @Test
    void deleteMfaPhoneNumberWhenMemberHasOneThenClearedAndSecondTimeNotFound() {
        Member m = ok(members.createCompletable(
                        new CreateRequest(
                                org.getOrganizationId(),
                                "drop-phone@example.com",
                                null,
                                null,
                                null,
                                null,
                                null,
                                "+14155550100"),
                        null))
                .getMember();
        assertThat(m.getMfaPhoneNumber()).isEqualTo("+14155550100");

        var cleared = ok(members.deleteMFAPhoneNumberCompletable(
                new DeleteMFAPhoneNumberRequest(org.getOrganizationId(), m.getMemberId()), null));

        assertThat(cleared.getMemberId()).isEqualTo(m.getMemberId());
        assertThat(cleared.getMember().getMfaPhoneNumber()).isEmpty();
        assertThat(cleared.getMember().getMfaPhoneNumberVerified()).isFalse();
        assertThat(cleared.getOrganization().getOrganizationId()).isEqualTo(org.getOrganizationId());
        error(
                members.deleteMFAPhoneNumberCompletable(
                        new DeleteMFAPhoneNumberRequest(org.getOrganizationId(), m.getMemberId()), null),
                "member_phone_number_not_found",
                404);
    }

    @Test
    void deleteTotpWhenMemberHasNoneThenTotpNotFound() {
        Member m = createMember("no-totp-to-delete@example.com", null);

        error(
                members.deleteTOTPCompletable(new DeleteTOTPRequest(org.getOrganizationId(), m.getMemberId()), null),
                "totp_not_found",
                404);
    }

    @Test
    void deletePasswordWhenPasswordIsUnknownThenMemberPasswordNotFound() {
        error(
                members.deletePasswordCompletable(
                        new DeletePasswordRequest(
                                org.getOrganizationId(), "member-password-test-00000000-0000-4000-8000-000000000000"),
                        null),
                "member_password_not_found",
                404);
    }

    @Test
    void getWhenMemberIsUnknownThenSdkReportsMemberNotFound() {
        error(
                members.getCompletable(
                        new GetRequest(org.getOrganizationId(), "member-test-00000000-0000-4000-8000-000000000000")),
                "member_not_found",
                404);
        error(
                members.getCompletable(new GetRequest(org.getOrganizationId(), null, "nobody@example.com")),
                "member_not_found",
                404);
    }

    @Test
    void createWhenOrganizationIsUnknownThenSdkReportsOrganizationNotFound() {
        error(
                members.createCompletable(new CreateRequest("no-such-organization", "x@example.com"), null),
                "organization_not_found",
                404);
    }

    @Test
    void createWhenEmailIsTakenThenSdkReportsDuplicateMemberEmail() {
        createMember("twice@example.com", null);

        error(
                members.createCompletable(new CreateRequest(org.getOrganizationId(), "TWICE@example.com"), null),
                "duplicate_member_email",
                400);
    }

    @Test
    void createWhenExternalIdIsTakenThenSdkReportsDuplicateMemberExternalId() {
        createMember("first-ext@example.com", "shared-ext");
        CreateRequest request = new CreateRequest(
                org.getOrganizationId(),
                "second-ext@example.com",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "shared-ext");

        error(members.createCompletable(request, null), "duplicate_member_external_id", 400);
    }

    @Test
    void createWhenPhoneNumberIsInvalidThenSdkReportsInvalidPhoneNumber() {
        CreateRequest request = new CreateRequest(
                org.getOrganizationId(), "bad-phone@example.com", null, null, null, null, null, "12345");

        error(members.createCompletable(request, null), "invalid_phone_number", 400);
    }

    @Test
    void createWhenEmailIsInvalidThenSdkReportsInvalidEmail() {
        error(
                members.createCompletable(new CreateRequest(org.getOrganizationId(), "not-an-email"), null),
                "invalid_email",
                400);
    }

    @Test
    void searchWhenNoOrganizationIdsThenSdkReportsTheRequirement() {
        error(
                members.searchCompletable(new SearchRequest(List.of()), null),
                "member_search_organization_ids_empty",
                400);
    }

    private static Member createMember(String email, String externalId) {
        return ok(members.createCompletable(
                        new CreateRequest(
                                org.getOrganizationId(),
                                email,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                externalId),
                        null))
                .getMember();
    }

    private static SearchQuery query(Map<String, Object> operand) {
        return new SearchQuery(SearchQueryOperator.AND, List.of(operand));
    }

    private static SearchResponse search(SearchQuery query) {
        return ok(members.searchCompletable(
                new SearchRequest(List.of(org.getOrganizationId()), null, null, query), null));
    }
}
