package dev.latchkey.member;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.http.SdkRouter;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.organization.OrganizationRequests;
import dev.latchkey.organization.OrganizationRoutes.ResultsMetadata;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /v1/b2b/organizations/{organization_id}/members...} and member search (SPEC §6). */
public final class MemberRoutes implements FeatureRoutes {
    private static final String ORG = "/v1/b2b/organizations/{organization_id}";

    private final MemberService members;
    private final MemberSearchService search;
    private final Clock clock;

    public MemberRoutes(MemberService members, MemberSearchService search, Clock clock) {
        this.members = members;
        this.search = search;
        this.clock = clock;
    }

    @Override
    public void addTo(ApiRouter r) {
        r.post(
                ORG + "/members",
                call -> response(members.create(call.project(), call.path("organization_id"), newMember(call.body()))));
        r.get(ORG + "/member", call -> {
            String memberId = call.body().string("member_id");
            String email = call.body().string("email_address");
            if ((memberId == null || memberId.isEmpty()) == (email == null || email.isEmpty())) {
                throw new ApiException(ErrorType.BAD_REQUEST, "Give exactly one of member_id and email_address.");
            }
            return response(
                    memberId != null && !memberId.isEmpty()
                            ? members.get(call.project(), call.path("organization_id"), memberId)
                            : members.getByEmail(call.project(), call.path("organization_id"), email));
        });
        r.put(
                ORG + "/members/{member_id}",
                call -> response(members.update(
                        call.project(), call.path("organization_id"), call.path("member_id"), changes(call.body()))));
        r.delete(
                ORG + "/members/{member_id}",
                call -> new DeleteResponse(
                        members.delete(call.project(), call.path("organization_id"), call.path("member_id"))));
        r.put(
                ORG + "/members/{member_id}/reactivate",
                call -> response(
                        members.reactivate(call.project(), call.path("organization_id"), call.path("member_id"))));
        r.delete(
                ORG + "/members/mfa_phone_numbers/{member_id}",
                call -> response(members.deleteMfaPhoneNumber(
                        call.project(), call.path("organization_id"), call.path("member_id"))));
        r.post("/v1/b2b/organizations/members/search", call -> {
            JsonBody b = call.body();
            MemberSearchService.MemberPage result = search.search(
                    call.project(),
                    b.stringList("organization_ids"),
                    OrganizationRequests.query(b),
                    b.string("cursor"),
                    OrganizationRequests.limit(b));
            Map<String, OrganizationJson> orgs = new LinkedHashMap<>();
            result.organizations().forEach((id, o) -> orgs.put(id, OrganizationJson.of(o)));
            return new SearchResponse(
                    result.page().items().stream()
                            .map(m -> MemberJson.of(m, result.organizations().get(m.organizationId()), clock.instant()))
                            .toList(),
                    new ResultsMetadata(result.page().total(), result.page().nextCursor()),
                    orgs);
        });
    }

    /** The SDK reads only the member of the caller's session ({@code self.get}). */
    @Override
    public void addSdkTo(SdkRouter r) {
        r.get(
                "/sdk/v1/b2b/organizations/members/me",
                SdkAccess.MEMBER,
                call -> response(members.get(
                        call.project(),
                        call.caller().organizationId(),
                        call.caller().memberId())));
    }

    /** {@code member_id, member, organization}: the shape of most member responses. */
    public MemberResponse response(OrgMember om) {
        return new MemberResponse(
                om.member().id(),
                MemberJson.of(om.member(), om.organization(), clock.instant()),
                OrganizationJson.of(om.organization()));
    }

    private static NewMember newMember(JsonBody b) {
        return new NewMember(
                b.requiredString("email_address"),
                b.string("name"),
                OrganizationRequests.metadata(b, "trusted_metadata"),
                OrganizationRequests.metadata(b, "untrusted_metadata"),
                Boolean.TRUE.equals(b.bool("create_member_as_pending")),
                Boolean.TRUE.equals(b.bool("is_breakglass")),
                b.string("mfa_phone_number"),
                Boolean.TRUE.equals(b.bool("mfa_enrolled")),
                b.stringList("roles"),
                b.string("external_id"));
    }

    private static MemberChanges changes(JsonBody b) {
        b.bool("preserve_existing_sessions"); // type-checked; sessions are kept or revoked by the sessions feature
        return new MemberChanges(
                b.string("name"),
                OrganizationRequests.metadata(b, "trusted_metadata"),
                OrganizationRequests.metadata(b, "untrusted_metadata"),
                b.bool("is_breakglass"),
                b.string("mfa_phone_number"),
                b.bool("mfa_enrolled"),
                b.stringList("roles"),
                b.string("default_mfa_method"),
                b.string("email_address"),
                b.string("external_id"),
                b.bool("unlink_email"));
    }

    /** {@code member_id, member, organization}. */
    public record MemberResponse(String memberId, MemberJson member, OrganizationJson organization) {}

    record DeleteResponse(String memberId) {}

    record SearchResponse(
            List<MemberJson> members, ResultsMetadata resultsMetadata, Map<String, OrganizationJson> organizations) {}
}
