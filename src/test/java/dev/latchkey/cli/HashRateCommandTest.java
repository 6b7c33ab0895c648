package dev.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HashRateCommandTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main(Map.of()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void printsTheRateAtThePasswordCost() {
        Run r = run("hash-rate", "--threads", "1", "--seconds", "1", "--warmup-seconds", "0");

        assertThat(r.code()).as(r.err()).isZero();
        Matcher m = Pattern.compile("Argon2id m=19456 KiB, t=2, p=1: ([0-9.]+) hashes/s on 1 threads \\((\\d+) hashes")
                .matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isPositive();
        assertThat(Long.parseLong(m.group(2))).isPositive();
    }

    @Test
    void refusesNonsenseWithUsageAndExitCodeTwo() {
        for (String[] args : new String[][] {
            {"hash-rate", "--threads", "0"}, {"hash-rate", "--seconds", "0"}, {"hash-rate", "--threads", "many"}
        }) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).contains("--");
            assertThat(r.out()).isEmpty();
        }
    }
}
