package dev.latchkey.project;

import dev.latchkey.error.ApiException;
import dev.latchkey.store.Database;
import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The redirect URLs a project allows. Every URL a request passes must be on the list for its kind (compared
 * without query and fragment); with none passed, the kind's default is used.
 *
 * <p>Latchkey's one relaxation (docs/compatibility.md): a <em>test</em> project that has configured no URL at
 * all of a kind accepts a URL of that kind on a loopback host ({@code localhost}, {@code 127.0.0.1},
 * {@code [::1]}), so local development works before configuration without letting a link carry its token to
 * any other host. Live projects accept only their list.
 */
public final class RedirectUrls {
    private static final java.util.Set<String> LOOPBACK_HOSTS = java.util.Set.of("localhost", "127.0.0.1", "[::1]");

    private final Database db;
    private final RedirectUrlStore store;
    private final Clock clock;

    public RedirectUrls(Database db, RedirectUrlStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    /** The URL to put in a link of this kind. Raises the kind's "missing" or "not allowed" error. */
    public String resolve(Handle h, Project project, RedirectKind kind, String given) {
        List<RedirectUrl> ofKind = store.list(h, project.id()).stream()
                .filter(u -> u.kind() == kind)
                .toList();
        if (given == null || given.isEmpty()) {
            return ofKind.stream()
                    .filter(RedirectUrl::isDefault)
                    .findFirst()
                    .or(() -> ofKind.stream().findFirst())
                    .map(RedirectUrl::url)
                    .orElseThrow(() -> new ApiException(
                            kind.missing(),
                            "No " + kind.wireName() + " redirect URL was given and the project has no default."));
        }
        Optional<String> base = withoutQuery(given);
        if (base.isEmpty()) {
            throw new ApiException(kind.notAllowed(), "'" + given + "' is not an absolute http(s) URL.");
        }
        boolean listed = ofKind.stream().anyMatch(u -> withoutQuery(u.url()).equals(base));
        if (listed || (ofKind.isEmpty() && project.isTest() && isLoopback(given))) {
            return given;
        }
        throw new ApiException(
                kind.notAllowed(),
                "'" + given + "' is not one of the project's " + kind.wireName() + " redirect URLs.");
    }

    public List<RedirectUrl> list(Project project) {
        return db.withHandle(h -> list(h, project));
    }

    /** The project's URLs, inside the caller's transaction. */
    public List<RedirectUrl> list(Handle h, Project project) {
        return store.list(h, project.id());
    }

    /** Adds a URL for the given kinds; {@code IllegalArgumentException} if it is not an absolute http(s) URL. */
    public void add(Project project, String url, List<RedirectKind> kinds, boolean isDefault) {
        if (withoutQuery(url).isEmpty()) {
            throw new IllegalArgumentException("not an absolute http(s) URL: " + url);
        }
        db.inTransaction(h -> {
            for (RedirectKind k : kinds) {
                store.add(
                        h,
                        project.id(),
                        new RedirectUrl(k, url, isDefault),
                        clock.instant().truncatedTo(ChronoUnit.MICROS));
            }
            return null;
        });
    }

    public boolean remove(Project project, String url) {
        return db.inTransaction(h -> store.remove(h, project.id(), url)) > 0;
    }

    /**
     * Adds the URLs of a {@code LATCHKEY_REDIRECT_URLS} value: comma-separated entries {@code kind=url} or a bare
     * {@code url} (every kind); the first URL of each kind becomes its default unless one is set already.
     */
    public void addFromSetting(Project project, String setting) {
        if (setting == null || setting.isBlank()) {
            return;
        }
        List<RedirectUrl> existing = list(project);
        List<RedirectKind> hasDefault = new ArrayList<>(existing.stream()
                .filter(RedirectUrl::isDefault)
                .map(RedirectUrl::kind)
                .toList());
        for (String entry : setting.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            boolean kinded = eq > 0 && !e.substring(0, eq).contains(":");
            List<RedirectKind> kinds =
                    kinded ? List.of(RedirectKind.parse(e.substring(0, eq))) : List.of(RedirectKind.values());
            String url = kinded ? e.substring(eq + 1).trim() : e;
            for (RedirectKind k : kinds) {
                boolean makeDefault = !hasDefault.contains(k);
                add(project, url, List.of(k), makeDefault);
                if (makeDefault) {
                    hasDefault.add(k);
                }
            }
        }
    }

    /** Whether an absolute http(s) URL names a loopback host: {@code localhost}, {@code 127.0.0.1} or {@code [::1]}. */
    static boolean isLoopback(String url) {
        try {
            String host = URI.create(url.trim()).getHost();
            return host != null && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<String> withoutQuery(String url) {
        try {
            URI u = URI.create(url.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                return Optional.empty();
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            return Optional.of(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT)
                    + (u.getPort() < 0 ? "" : ":" + u.getPort()) + path);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
