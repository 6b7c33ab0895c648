package dev.latchkey.sso.flow;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import dev.latchkey.project.RedirectKind;
import dev.latchkey.project.RedirectUrls;
import org.jdbi.v3.core.Handle;

/**
 * The app URLs an SSO login may end at: the project's login and signup redirect URLs (project/RedirectUrls), with
 * SSO's error names (SSO_OAUTH.md §1.3 step 4). Both are checked before the browser leaves for the IdP, so the
 * callback never redirects to a URL nobody allowed.
 */
final class SsoRedirects {
    private final RedirectUrls redirects;

    SsoRedirects(RedirectUrls redirects) {
        this.redirects = redirects;
    }

    /**
     * The login and signup URL of a login; raises {@code no_match_for_provided_sso_url}, {@code invalid_*_sso_url}. A
     * project without signup URLs, asked for none, sends new members to the login URL (docs/compatibility.md).
     */
    Pair resolve(Handle h, Project project, String login, String signup) {
        String loginUrl = one(h, project, RedirectKind.LOGIN, login);
        boolean signupGiven = signup != null && !signup.isEmpty();
        if (!signupGiven && redirects.list(h, project).stream().noneMatch(u -> u.kind() == RedirectKind.SIGNUP)) {
            return new Pair(loginUrl, loginUrl);
        }
        return new Pair(loginUrl, one(h, project, RedirectKind.SIGNUP, signup));
    }

    record Pair(String login, String signup) {}

    private String one(Handle h, Project project, RedirectKind kind, String given) {
        try {
            return redirects.resolve(h, project, kind, given);
        } catch (ApiException e) {
            boolean missing = given == null || given.isEmpty();
            ErrorType type = missing
                    ? ErrorType.NO_MATCH_FOR_PROVIDED_SSO_URL
                    : kind == RedirectKind.LOGIN ? ErrorType.INVALID_LOGIN_SSO_URL : ErrorType.INVALID_SIGNUP_SSO_URL;
            throw new ApiException(type, e.getMessage());
        }
    }
}
