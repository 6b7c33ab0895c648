package dev.latchkey.session;

import java.util.ArrayList;
import java.util.List;

/** The bag of factors of a session: adding a factor already present renews it instead of repeating it. */
public final class Factors {
    private Factors() {}

    public static List<AuthenticationFactor> with(List<AuthenticationFactor> factors, AuthenticationFactor added) {
        List<AuthenticationFactor> out = new ArrayList<>(factors.size() + 1);
        boolean renewed = false;
        for (AuthenticationFactor f : factors) {
            if (!renewed && f.sameAs(added)) {
                out.add(f.renewedAt(added.lastAuthenticatedAt()));
                renewed = true;
            } else {
                out.add(f);
            }
        }
        if (!renewed) {
            out.add(added);
        }
        return List.copyOf(out);
    }

    /** The connections the factors hold an SSO factor from (the connections whose SSO roles a session carries). */
    public static java.util.Set<String> ssoConnections(List<AuthenticationFactor> factors) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (AuthenticationFactor f : factors) {
            if (f.ssoConnectionId() != null) {
                out.add(f.ssoConnectionId());
            }
        }
        return out;
    }

    public static boolean hasSecondary(List<AuthenticationFactor> factors) {
        return factors.stream().anyMatch(AuthenticationFactor::isSecondary);
    }
}
