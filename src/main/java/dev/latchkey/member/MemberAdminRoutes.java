package dev.latchkey.member;

import dev.latchkey.http.ApiCall;
import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.http.SdkRouter;
import dev.latchkey.organization.OrganizationJson;
import java.time.Clock;

/**
 * The member endpoints beyond CRUD (issue 10): {@code dangerously_get}, {@code unlink_retired_email} (backend, and the
 * browser's admin and self variants in the caller's organization), the member external-id delete, and the
 * organization's {@code metrics}, which counts members. Each route names the RBAC permission it will need
 * (RBAC_SCIM_M2M.md §1.9); the gates are added with the endpoint inventory.
 */
public final class MemberAdminRoutes implements FeatureRoutes {
    private static final String ORG = "/v1/b2b/organizations/{organization_id}";

    private final MemberAdminService admin;
    private final Clock clock;

    public MemberAdminRoutes(MemberAdminService admin, Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    @Override
    public void addTo(ApiRouter r) {
        // RBAC: none (backend only; Stytch accepts no member-session headers on this route).
        r.get(
                "/v1/b2b/organizations/members/dangerously_get/{member_id}",
                call -> response(admin.dangerouslyGet(
                        call.project(),
                        call.path("member_id"),
                        Boolean.TRUE.equals(call.body().bool("include_deleted")))));
        // RBAC: stytch.member update.info.unlink.retired-email, self alternative stytch.self same action.
        r.post(
                ORG + "/members/{member_id}/unlink_retired_email",
                call -> unlinked(unlink(call, call.path("organization_id"), call.path("member_id"))));
        // RBAC: header accepted, action undocumented (RBAC_SCIM_M2M.md §1.9: UNVERIFIED); stytch.member
        // update.info.external-id is the likely one.
        r.delete(
                ORG + "/members/{member_id}/external_id",
                call -> response(
                        admin.deleteExternalId(call.project(), call.path("organization_id"), call.path("member_id"))));
        // RBAC: none documented (backend only).
        r.get(
                ORG + "/metrics",
                call -> new MetricsResponse(admin.memberCount(call.project(), call.path("organization_id"))));
    }

    /** The browser's unlink, in the caller's organization only. */
    @Override
    public void addSdkTo(SdkRouter r) {
        // RBAC: stytch.member update.info.unlink.retired-email, self alternative stytch.self same action.
        r.post(
                "/sdk/v1/b2b/organizations/members/{member_id}/unlink_retired_email",
                SdkAccess.MEMBER,
                call -> unlinked(unlink(call, call.caller().organizationId(), call.path("member_id"))));
        // RBAC: stytch.self update.info.unlink.retired-email.
        r.post(
                "/sdk/v1/b2b/organizations/members/unlink_retired_email",
                SdkAccess.MEMBER,
                call -> unlinked(unlink(
                        call, call.caller().organizationId(), call.caller().memberId())));
    }

    private OrgMember unlink(ApiCall call, String organizationKey, String memberKey) {
        return admin.unlinkRetiredEmail(
                call.project(),
                organizationKey,
                memberKey,
                call.body().string("email_id"),
                call.body().string("email_address"));
    }

    private MemberRoutes.MemberResponse response(OrgMember om) {
        return new MemberRoutes.MemberResponse(
                om.member().id(), MemberJson.of(om.member(), clock.instant()), OrganizationJson.of(om.organization()));
    }

    private UnlinkResponse unlinked(OrgMember om) {
        return new UnlinkResponse(
                om.member().id(),
                om.organization().id(),
                MemberJson.of(om.member(), clock.instant()),
                OrganizationJson.of(om.organization()));
    }

    record UnlinkResponse(String memberId, String organizationId, MemberJson member, OrganizationJson organization) {}

    record MetricsResponse(int memberCount) {}
}
