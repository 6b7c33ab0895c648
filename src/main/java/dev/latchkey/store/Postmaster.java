package dev.latchkey.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL server running on a data directory, as its {@code postmaster.pid} names it (line 1 the pid, line 2
 * the data directory, line 4 the port), and only while that pid is a live {@code postgres} process serving this
 * very directory: after a reboot the file may be stale and its pid reused by anything.
 */
record Postmaster(ProcessHandle process, int port) {

    static Optional<Postmaster> running(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.size() < 4 || !sameDirectory(Path.of(lines.get(1).trim()), dataDirectory)) {
                return Optional.empty();
            }
            int port = Integer.parseInt(lines.get(3).trim());
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                    .filter(ProcessHandle::isAlive)
                    .filter(Postmaster::isPostgres)
                    .map(p -> new Postmaster(p, port));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or half-written: PostgreSQL itself decides on start
        }
    }

    /** The {@code pg_ctl} beside this server's own {@code postgres} binary, when it can be found. */
    Optional<Path> pgCtl() {
        return process.info()
                .command()
                .map(c -> Path.of(c).resolveSibling("pg_ctl"))
                .filter(Files::isExecutable);
    }

    long pid() {
        return process.pid();
    }

    private static boolean isPostgres(ProcessHandle p) {
        return p.info()
                .command()
                .map(c -> Path.of(c).getFileName().toString().equals("postgres"))
                .orElse(false);
    }

    private static boolean sameDirectory(Path a, Path b) throws IOException {
        return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    }
}
