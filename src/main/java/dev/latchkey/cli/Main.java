package dev.latchkey.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar latchkey.jar [serve | project … | keys …]}; with no arguments it serves. */
@Command(
        name = "latchkey",
        mixinStandardHelpOptions = true,
        description = "Self-hosted B2B authentication server, wire-compatible with Stytch's B2B API.",
        subcommands = {ServeCommand.class, ProjectCommand.class, KeysCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        String[] effective = args.length == 0 ? new String[] {"serve"} : args;
        int code = new CommandLine(new Main()).execute(effective);
        if (code != 0 || !"serve".equals(effective[0])) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
