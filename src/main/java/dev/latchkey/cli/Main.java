package dev.latchkey.cli;

import dev.latchkey.app.Config;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar latchkey.jar [serve | project … | keys … | outbox … | rbac …]}; with no arguments it serves. */
@Command(
        name = "latchkey",
        mixinStandardHelpOptions = true,
        description = "Self-hosted B2B authentication server, wire-compatible with Stytch's B2B API.",
        subcommands = {
            ServeCommand.class,
            ProjectCommand.class,
            KeysCommand.class,
            RedirectUrlCommand.class,
            OutboxCommand.class,
            RbacCommand.class,
            OAuthProvidersCommand.class,
            HashRateCommand.class
        })
public final class Main implements Runnable {
    private final Map<String, String> environment;

    /** A command line whose subcommands read their configuration from {@code environment}. */
    Main(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        String[] effective = args.length == 0 ? new String[] {"serve"} : args;
        // serve returns only once the server has stopped, so every command ends here with its exit code.
        System.exit(new CommandLine(new Main(System.getenv())).execute(effective));
    }

    /** The configuration, read when a subcommand runs (so {@code --help} works with a broken environment). */
    Config config() {
        return Config.fromEnvironment(environment);
    }

    /** The environment the subcommands read. */
    Map<String, String> environment() {
        return environment;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
