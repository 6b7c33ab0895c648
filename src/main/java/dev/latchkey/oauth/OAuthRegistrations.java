package dev.latchkey.oauth;

import dev.latchkey.crypto.SecretBox;
import dev.latchkey.member.Member;
import dev.latchkey.project.Project;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Members' OAuth registrations, with the provider tokens sealed at rest; every method runs in the caller's transaction. */
public final class OAuthRegistrations {
    private final OAuthRegistrationStore store;
    private final OAuthSeals seals;

    public OAuthRegistrations(OAuthRegistrationStore store, SecretBox box) {
        this.store = store;
        this.seals = new OAuthSeals(box);
    }

    /** Records the identity on the member (new, or refreshing the tokens of the same subject); returns its id. */
    String record(Handle h, Project project, Member member, OAuthIdentity identity, Instant now) {
        String id = store.idOf(h, member.id(), identity.provider(), identity.subject())
                .orElseGet(() -> project.newId("member-oauth-registration"));
        var tokens = identity.tokens();
        var registration = new OAuthRegistration(
                id,
                project.id(),
                member.organizationId(),
                member.id(),
                identity.provider(),
                identity.subject(),
                identity.tenantIds().isEmpty() ? null : identity.tenantIds().getFirst(),
                identity.pictureUrl(),
                identity.locale(),
                tokens.accessToken(),
                tokens.refreshToken(),
                tokens.idToken(),
                tokens.expiresIn() == null ? null : now.plusSeconds(tokens.expiresIn()),
                tokens.scopes(),
                now,
                now);
        return store.upsert(
                h, registration, (owner, value) -> seals.seal(project.id(), "registration:" + owner, value));
    }

    /** The registration with its tokens opened. */
    Optional<OAuthRegistration> find(Handle h, Project project, String id) {
        return store.find(h, project.id(), id, opener(project));
    }

    /** The member's most recently used registration with {@code provider}, tokens opened. */
    Optional<OAuthRegistration> latest(Handle h, Project project, String memberId, OAuthProvider provider) {
        return store.latest(h, project.id(), memberId, provider, opener(project));
    }

    List<OAuthRegistration> all(Handle h, Project project, String memberId, OAuthProvider provider) {
        return store.all(h, project.id(), memberId, provider, opener(project));
    }

    private OAuthRegistrationStore.Opener opener(Project project) {
        return (ciphertext, id, kind) -> seals.open(project.id(), "registration:" + id + ":" + kind, ciphertext);
    }
}
