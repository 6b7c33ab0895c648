package dev.latchkey.testidp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user the {@link TestOidcProvider} logs in. Standard claims go into the ID token and userinfo; {@code extraClaims}
 * (e.g. {@code hd}, {@code tid}, {@code groups}, {@code https://slack.com/team_id}, or GitHub's {@code login}) are
 * added as they are. In plain-OAuth2 mode the user API answers {@code {id, login, email, name, ...extraClaims}} and
 * {@code /user/emails} lists the email with its {@code verified} flag.
 */
public record TestOidcProviderUser(
        String subject,
        String email,
        boolean emailVerified,
        String name,
        String givenName,
        String familyName,
        Map<String, Object> extraClaims) {
    public TestOidcProviderUser {
        extraClaims = Map.copyOf(extraClaims);
    }

    /** A user with a verified email, named after its local part; the subject is derived from the email. */
    public static TestOidcProviderUser withEmail(String email) {
        String local = email.substring(0, email.indexOf('@'));
        return new TestOidcProviderUser(
                "sub-" + Integer.toUnsignedString(email.hashCode()),
                email,
                true,
                local + " Tester",
                local,
                "Tester",
                Map.of());
    }

    public TestOidcProviderUser subject(String newSubject) {
        return new TestOidcProviderUser(newSubject, email, emailVerified, name, givenName, familyName, extraClaims);
    }

    /** The same user with {@code email_verified: false} (and {@code verified: false} in /user/emails). */
    public TestOidcProviderUser unverified() {
        return new TestOidcProviderUser(subject, email, false, name, givenName, familyName, extraClaims);
    }

    /** The same user with one more claim, e.g. {@code claim("hd", "acme.com")}. */
    public TestOidcProviderUser claim(String claim, Object value) {
        var claims = new LinkedHashMap<>(extraClaims);
        claims.put(claim, value);
        return new TestOidcProviderUser(subject, email, emailVerified, name, givenName, familyName, claims);
    }
}
