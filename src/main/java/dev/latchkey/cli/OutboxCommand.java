package dev.latchkey.cli;

import dev.latchkey.delivery.OutboxAdmin;
import dev.latchkey.delivery.OutboxStore;
import dev.latchkey.delivery.QueuedMessage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code outbox list|retry}: the delivery state of queued email and SMS, and reviving dead messages. */
@Command(
        name = "outbox",
        description = "Show queued email and SMS and retry dead ones.",
        subcommands = {OutboxCommand.ListMessages.class, OutboxCommand.Retry.class})
final class OutboxCommand {
    @ParentCommand
    Main main;

    private interface Work {
        int run(OutboxAdmin outbox, PrintWriter out, PrintWriter err);
    }

    private int withOutbox(CommandSpec spec, Work work) {
        try (CliDatabase db = CliDatabase.open(main.config())) {
            OutboxAdmin outbox = new OutboxAdmin(db.database(), new OutboxStore());
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int code = work.run(outbox, out, err);
            out.flush();
            err.flush();
            return code;
        }
    }

    @Command(
            name = "list",
            description = "List messages, newest first: id, status, channel, recipient, tries, next try or finish"
                    + " time, project, last error. Bodies are never shown.")
    static final class ListMessages implements Callable<Integer> {
        @ParentCommand
        OutboxCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--status", description = "pending, sent or dead (default: all).")
        String status;

        @Option(names = "--project", description = "Only this project's messages.")
        String project;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default 100).")
        int limit;

        @Override
        public Integer call() {
            return parent.withOutbox(spec, (outbox, out, err) -> {
                QueuedMessage.Status wanted;
                try {
                    wanted = status == null ? null : QueuedMessage.Status.of(status);
                } catch (IllegalArgumentException e) {
                    err.println("--status must be pending, sent or dead, got " + status);
                    return 2;
                }
                for (QueuedMessage m : outbox.list(wanted, project, Math.max(1, Math.min(limit, 10_000)))) {
                    out.println(String.join(
                            "\t",
                            m.id(),
                            m.status().wireName(),
                            m.channel(),
                            m.recipient(),
                            Integer.toString(m.attempts()),
                            String.valueOf(
                                    m.status() == QueuedMessage.Status.PENDING ? m.nextAttemptAt() : m.finishedAt()),
                            m.projectId(),
                            m.lastError() == null ? "" : m.lastError()));
                }
                return 0;
            });
        }
    }

    @Command(name = "retry", description = "Make a dead message (or every dead message) due now, with fresh tries.")
    static final class Retry implements Callable<Integer> {
        @ParentCommand
        OutboxCommand parent;

        @Spec
        CommandSpec spec;

        @ArgGroup(multiplicity = "1")
        Target target;

        static final class Target {
            @Parameters(index = "0", description = "The message id.")
            String id;

            @Option(names = "--all-dead", description = "Every dead message.")
            boolean allDead;
        }

        @Override
        public Integer call() {
            return parent.withOutbox(spec, (outbox, out, err) -> {
                if (target.allDead) {
                    out.println("retrying " + outbox.retryAllDead() + " dead messages");
                    return 0;
                }
                if (!outbox.retry(target.id)) {
                    err.println("no dead message " + target.id);
                    return 1;
                }
                out.println("retrying " + target.id);
                return 0;
            });
        }
    }
}
