package dev.latchkey.cli;

import dev.latchkey.app.Config;
import dev.latchkey.app.MasterKey;
import dev.latchkey.crypto.SecretBox;
import dev.latchkey.error.ApiException;
import dev.latchkey.oauth.OAuthProvider;
import dev.latchkey.oauth.OAuthProviderConfig;
import dev.latchkey.oauth.OAuthProviderSettings;
import dev.latchkey.oauth.OAuthProviderStore;
import dev.latchkey.oauth.OAuthProviders;
import dev.latchkey.oidc.OidcClient;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.project.ProjectStore;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code oauth-providers set|list}: a project's OAuth clients at Google, Microsoft, GitHub, HubSpot and Slack
 * (docs/oauth.md). The client secret is sealed with the server's master key, so the command needs the same
 * {@code LATCHKEY_MASTER_KEY} or data directory as the server; it is never printed.
 */
@Command(
        name = "oauth-providers",
        description = "Manage a project's OAuth providers.",
        subcommands = {OAuthProvidersCommand.Set.class, OAuthProvidersCommand.ListProviders.class})
final class OAuthProvidersCommand {
    @ParentCommand
    Main main;

    @Command(
            name = "set",
            description = "Create or update a provider's client (google, microsoft, github, hubspot, slack).")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        OAuthProvidersCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The project id.")
        String projectId;

        @Parameters(index = "1", description = "google, microsoft, github, hubspot or slack.")
        String provider;

        @Option(names = "--client-id", description = "The client id the provider issued.")
        String clientId;

        @Option(
                names = "--client-secret",
                description = "The client secret (kept sealed; omit to keep the current one).")
        String clientSecret;

        @Option(names = "--issuer", description = "OpenID Connect issuer to discover (default: the provider's own).")
        String issuer;

        @Option(names = "--authorization-url", description = "Authorization endpoint (plain OAuth 2.0, or override).")
        String authorizationUrl;

        @Option(names = "--token-url", description = "Token endpoint (plain OAuth 2.0, or override).")
        String tokenUrl;

        @Option(names = "--userinfo-url", description = "Userinfo / user API endpoint (plain OAuth 2.0, or override).")
        String userinfoUrl;

        @Override
        public Integer call() {
            return parent.withProviders(spec, projectId, (providers, project) -> {
                OAuthProviderConfig c = providers.set(
                        project,
                        OAuthProvider.parse(provider),
                        new OAuthProviderSettings(
                                clientId, clientSecret, issuer, authorizationUrl, tokenUrl, userinfoUrl));
                spec.commandLine().getOut().println(line(providers, c));
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List the configured providers and the callback URL to register at each.")
    static final class ListProviders implements Callable<Integer> {
        @ParentCommand
        OAuthProvidersCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The project id.")
        String projectId;

        @Override
        public Integer call() {
            return parent.withProviders(spec, projectId, (providers, project) -> {
                for (OAuthProviderConfig c : providers.list(project)) {
                    spec.commandLine().getOut().println(line(providers, c));
                }
                return 0;
            });
        }
    }

    /** {@code provider, client id, where it is, callback URL}: tab-separated, never the secret. */
    private static String line(OAuthProviders providers, OAuthProviderConfig c) {
        String where = c.effectiveIssuer() != null
                ? "issuer=" + c.effectiveIssuer()
                : "authorization_url="
                        + orDefault(c.authorizationUrl(), c.provider().defaultAuthorizationUrl());
        return c.provider().wireName() + "\tclient_id=" + c.clientId() + "\t" + where + "\tcallback_url="
                + providers.callbackUrl(c);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private interface Work {
        int run(OAuthProviders providers, Project project);
    }

    private int withProviders(CommandSpec spec, String projectId, Work work) {
        Config config = main.config();
        byte[] masterKey;
        try {
            masterKey = MasterKey.loadExisting(config);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        String base = config.publicUrl() != null ? config.publicUrl() : "http://localhost:" + config.port();
        String publicBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        try (CliDatabase db = CliDatabase.open(config)) {
            Clock clock = Clock.systemUTC();
            Optional<Project> project = new ProjectService(db.database(), new ProjectStore(), clock).find(projectId);
            if (project.isEmpty()) {
                spec.commandLine().getErr().println("no project " + projectId);
                return 1;
            }
            var providers = new OAuthProviders(
                    db.database(),
                    new OAuthProviderStore(),
                    new SecretBox(masterKey),
                    new OidcClient(clock),
                    path -> publicBase + path,
                    clock);
            int code = work.run(providers, project.get());
            spec.commandLine().getOut().flush();
            return code;
        } catch (ApiException e) {
            spec.commandLine().getErr().println(e.type().wireName() + ": " + e.getMessage());
            return 2;
        }
    }
}
