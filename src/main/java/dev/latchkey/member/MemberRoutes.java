package dev.latchkey.member;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.Gate;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.http.SdkBodies;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.organization.OrganizationRequests;
import dev.latchkey.organization.OrganizationRoutes.ResultsMetadata;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /v1/b2b/organizations/{organization_id}/members...} and member search (SPEC §6). */
public final class MemberRoutes implements FeatureRoutes {
    private static final String ORG = "/v1/b2b/organizations/{organization_id}";
    private static final String SDK = "/sdk/v1/b2b/organizations";

    /** Creating a member needs {@code create}; giving it roles also {@code update.settings.roles}. */
    static final Gate CREATE = Gate.of(Gate.MEMBER, "create").alsoWhen("roles", Gate.MEMBER, "update.settings.roles");

    /** Update Member: one action per field set, on {@code stytch.member}, or {@code stytch.self} where marked. */
    static final Gate UPDATE = Gate.perField(
            Gate.MEMBER,
            Map.ofEntries(
                    Map.entry("name", "update.info.name"),
                    Map.entry("untrusted_metadata", "update.info.untrusted-metadata"),
                    Map.entry("is_breakglass", "update.settings.is-breakglass"),
                    Map.entry("mfa_phone_number", "update.info.mfa-phone"),
                    Map.entry("mfa_enrolled", "update.settings.mfa-enrolled"),
                    Map.entry("roles", "update.settings.roles"),
                    Map.entry("default_mfa_method", "update.settings.default-mfa-method"),
                    Map.entry("email_address", "update.info.email"),
                    // identity keys: Stytch names no action; the email's is the closest (docs/compatibility.md)
                    Map.entry("external_id", "update.info.email"),
                    Map.entry("unlink_email", "update.info.email")),
            Set.of("name", "untrusted_metadata", "mfa_phone_number", "mfa_enrolled", "default_mfa_method"),
            Set.of("organization_id", "member_id", "preserve_existing_sessions"));

    /** The SDK's {@code self.update}: the fields a member may change on itself, each by its {@code stytch.self} action. */
    static final Gate SELF_UPDATE = Gate.selfPerField(Map.of(
            "name", "update.info.name",
            "untrusted_metadata", "update.info.untrusted-metadata",
            "mfa_phone_number", "update.info.mfa-phone",
            "mfa_enrolled", "update.settings.mfa-enrolled",
            "default_mfa_method", "update.settings.default-mfa-method"));

    /** What {@code self.update} may not set: privileges and identity, which an admin or a backend changes. */
    private static final List<String> NOT_SELF_UPDATABLE =
            List.of("roles", "is_breakglass", "email_address", "external_id", "unlink_email");

    private final MemberService members;
    private final MemberSearchService search;
    private final Clock clock;

    public MemberRoutes(MemberService members, MemberSearchService search, Clock clock) {
        this.members = members;
        this.search = search;
        this.clock = clock;
    }

    /**
     * The SDK's {@code organization.members.*} act on members of the caller's organization, gated by the caller's
     * roles; its {@code self.*} act on the caller, gated by {@code stytch.self}.
     */
    @Override
    public void declare(Endpoints e) {
        e.post(ORG + "/members")
                .sdk(SDK + "/members", SdkAccess.MEMBER)
                .gate(CREATE)
                .to(call -> response(members.create(call.project(), call.organizationId(), newMember(call.body()))));
        e.get(ORG + "/member").to(call -> {
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
        e.sdkOnly(HandlerType.GET, SDK + "/members/me", SdkAccess.MEMBER)
                .to(call -> response(members.get(call.project(), call.organizationId(), call.memberId())));
        e.put(ORG + "/members/{member_id}")
                .sdk(SDK + "/members/{member_id}", SdkAccess.MEMBER)
                .gate(UPDATE)
                .to(this::update);
        e.sdkOnly(HandlerType.PUT, SDK + "/members/update", SdkAccess.MEMBER)
                .gate(SELF_UPDATE)
                .to(call -> {
                    SdkBodies.refuse(call.body(), NOT_SELF_UPDATABLE);
                    return update(call);
                });
        e.delete(ORG + "/members/{member_id}")
                .sdk(SDK + "/members/{member_id}", SdkAccess.MEMBER)
                .gate(Gate.memberOrSelf("delete"))
                .to(call -> new DeleteResponse(members.delete(call.project(), call.organizationId(), call.memberId())));
        e.put(ORG + "/members/{member_id}/reactivate")
                .sdk(SDK + "/members/{member_id}/reactivate", SdkAccess.MEMBER)
                .gate(Gate.of(Gate.MEMBER, "create"))
                .to(call -> response(members.reactivate(call.project(), call.organizationId(), call.memberId())));
        e.delete(ORG + "/members/mfa_phone_numbers/{member_id}")
                .sdk(SDK + "/members/mfa_phone_numbers/{member_id}", SdkAccess.MEMBER)
                .gate(Gate.memberOrSelf("update.info.delete.mfa-phone"))
                .to(this::deleteMfaPhoneNumber);
        e.sdkOnly(HandlerType.DELETE, SDK + "/members/deletePhoneNumber", SdkAccess.MEMBER)
                .gate(Gate.self("update.info.delete.mfa-phone"))
                .to(this::deleteMfaPhoneNumber);
        e.post("/v1/b2b/organizations/members/search")
                .gate(Gate.of(Gate.MEMBER, "search"))
                .to(call -> search(call, call.body().stringList("organization_ids")));
        e.sdkOnly(HandlerType.POST, SDK + "/me/members/search", SdkAccess.MEMBER)
                .gate(Gate.of(Gate.MEMBER, "search"))
                .to(call -> search(call, List.of(call.caller().organizationId())));
    }

    /**
     * Update Member. A member acting with its own session may not change its own email here
     * ({@code member_cannot_update_their_email_address}): that goes through the confirmed email update.
     */
    private MemberResponse update(ApiCall call) {
        String target = call.memberId();
        boolean self = call.actor()
                .map(a -> target.equals(a.member().id())
                        || target.equals(a.member().externalId()))
                .orElse(false);
        if (self && call.body().has("email_address")) {
            throw new ApiException(
                    ErrorType.MEMBER_CANNOT_UPDATE_THEIR_EMAIL_ADDRESS,
                    "A member cannot change its own email address through Update Member.");
        }
        MemberChanges changes = changes(call.body());
        if (call.isSdk() && changes.roles() != null && changes.roles().isEmpty()) {
            // The browser SDK sends only the fields given, so its roles: [] (the Admin Portal's "no explicit role
            // left") means it; on the backend an empty list is the Java SDK's "not given" (docs/compatibility.md).
            changes = changes.withRoles(List.of(Member.ROLE_MEMBER));
        }
        return response(members.update(call.project(), call.organizationId(), target, changes));
    }

    private MemberResponse deleteMfaPhoneNumber(ApiCall call) {
        return response(members.deleteMfaPhoneNumber(call.project(), call.organizationId(), call.memberId()));
    }

    private SearchResponse search(ApiCall call, List<String> organizationIds) {
        JsonBody b = call.body();
        MemberSearchService.MemberPage result = search.search(
                call.project(),
                organizationIds,
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
