package dev.latchkey.cli;

import dev.latchkey.password.HashRate;
import dev.latchkey.password.PasswordHasher;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hash-rate}: the Argon2id hashes per second this machine computes at Latchkey's cost. */
@Command(
        name = "hash-rate",
        description = "Measure the Argon2id hashes per second this machine computes at the password cost (m=19 MiB,"
                + " t=2, p=1): a password login verifies one, so this bounds the logins per second here.")
final class HashRateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--threads", description = "Threads hashing at once (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--seconds", description = "How long to measure (default: 10).")
    int seconds = 10;

    @Option(names = "--warmup-seconds", description = "How long to hash first, unmeasured (default: 3).")
    int warmupSeconds = 3;

    @Override
    public Integer call() {
        if (threads < 1 || threads > 1024 || seconds < 1 || seconds > 3600 || warmupSeconds < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--threads must be 1 to 1024, --seconds 1 to 3600, --warmup-seconds 0 or more");
        }
        PasswordHasher.Argon2Params p = PasswordHasher.Argon2Params.OWASP;
        HashRate.Result r =
                HashRate.measure(p, threads, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds));
        spec.commandLine()
                .getOut()
                .println(String.format(
                        Locale.ROOT,
                        "Argon2id m=%d KiB, t=%d, p=%d: %.1f hashes/s on %d threads (%d hashes in %.1f s)",
                        p.memoryKib(),
                        p.iterations(),
                        p.parallelism(),
                        r.perSecond(),
                        r.threads(),
                        r.hashes(),
                        r.measured().toNanos() / 1e9));
        return 0;
    }
}
