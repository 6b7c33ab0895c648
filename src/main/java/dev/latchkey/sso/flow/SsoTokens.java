package dev.latchkey.sso.flow;

import dev.latchkey.crypto.Digests;
import dev.latchkey.crypto.Pkce;
import dev.latchkey.crypto.Tokens;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.mfa.AuthOutcome;
import dev.latchkey.mfa.PrimaryAuth;
import dev.latchkey.mfa.PrimaryContext;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.session.AuthenticationFactor;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The single-use {@code sso_token} between the callback and the app: minted when the IdP's answer is accepted, redeemed
 * once at {@code sso/authenticate} (SSO_OAUTH.md §1.4), where the SSO factor goes through the MFA decision like every
 * primary factor.
 */
public final class SsoTokens {
    private final Database db;
    private final SsoTokenStore store;
    private final OrganizationService organizations;
    private final MemberService members;
    private final PrimaryAuth primary;
    private final Clock clock;

    SsoTokens(
            Database db,
            SsoTokenStore store,
            OrganizationService organizations,
            MemberService members,
            PrimaryAuth primary,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.organizations = organizations;
        this.members = members;
        this.primary = primary;
        this.clock = clock;
    }

    /** Mints a token for a member who just logged in through a connection, inside the callback's transaction. */
    String mint(
            Handle h,
            Project project,
            String organizationId,
            SsoProvisioning.Provisioned who,
            String connectionId,
            boolean saml,
            String externalId,
            String codeChallenge) {
        String token = Tokens.token();
        Instant now = now();
        store.sweep(h, project.id(), now);
        store.insert(
                h,
                new SsoToken(
                        project.newId("sso-token"),
                        project.id(),
                        organizationId,
                        who.member().id(),
                        connectionId,
                        saml,
                        who.registrationId(),
                        externalId,
                        codeChallenge,
                        now.plus(SsoLimits.TOKEN_LIFETIME),
                        null),
                Digests.sha256Hex(token),
                now);
        return token;
    }

    /**
     * {@code sso/authenticate}: redeems the token (single use; a PKCE failure does not use it up) and completes the SSO
     * factor through the MFA decision. Raises {@code sso_token_not_found} (unknown, used or expired, or its member
     * deleted since), the PKCE errors, and those of {@link PrimaryAuth#complete}.
     */
    public AuthOutcome authenticate(Project project, String token, String codeVerifier, PrimaryContext ctx) {
        return db.inTransaction(h -> {
            SsoToken t = redeem(h, project, token, codeVerifier);
            Organization org;
            Member member;
            try {
                org = organizations.require(h, project, t.organizationId());
                member = members.requireIn(h, project, org, t.memberId());
            } catch (ApiException gone) {
                throw notFound();
            }
            AuthenticationFactor factor = AuthenticationFactor.sso(
                    t.saml(),
                    new AuthenticationFactor.SsoFactor(t.registrationId(), t.connectionId(), t.externalId()),
                    now());
            return primary.complete(h, project, org, member, factor, ctx);
        });
    }

    private SsoToken redeem(Handle h, Project project, String token, String codeVerifier) {
        if (token == null || token.isEmpty()) {
            throw notFound();
        }
        String digest = Digests.sha256Hex(token);
        String challenge = Pkce.challengeOfVerifier(codeVerifier);
        Instant now = now();
        Optional<SsoToken> used = store.consume(h, project.id(), digest, challenge, now);
        if (used.isPresent()) {
            return used.get();
        }
        Optional<SsoToken> row = store.find(h, project.id(), digest);
        boolean live = row.isPresent()
                && row.get().consumedAt() == null
                && row.get().expiresAt().isAfter(now);
        throw live ? Pkce.whyNot(row.get().codeChallenge(), challenge) : notFound();
    }

    private static ApiException notFound() {
        return new ApiException(ErrorType.SSO_TOKEN_NOT_FOUND, "The sso_token is unknown, already used or expired.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
