package dev.latchkey.session;

import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.http.SdkRouter;

/**
 * {@code POST /sdk/v1/b2b/sessions/revoke/{member_id}}, the browser SDK's {@code session.revokeForMember}: revokes all
 * sessions of a member of the caller's organization. Answers the envelope only.
 *
 * <p>RBAC: stytch.member revoke-sessions, self alternative stytch.self revoke-sessions (RBAC_SCIM_M2M.md §1.9). The
 * backend's {@code POST /v1/b2b/sessions/revoke} with the member-session headers is left to the RBAC gates.
 */
public final class MemberSessionRevokeRoutes implements FeatureRoutes {
    private final SessionAuthenticator sessions;

    public MemberSessionRevokeRoutes(SessionAuthenticator sessions) {
        this.sessions = sessions;
    }

    @Override
    public void addTo(ApiRouter r) {}

    @Override
    public void addSdkTo(SdkRouter r) {
        r.post("/sdk/v1/b2b/sessions/revoke/{member_id}", SdkAccess.MEMBER, call -> {
            sessions.revokeAllOf(call.project(), call.caller().organizationId(), call.path("member_id"));
            return null;
        });
    }
}
