package dev.latchkey.store;

import java.util.Optional;
import org.postgresql.util.PSQLException;

/** Recognises a unique-index violation, so a race on a unique value becomes the API's "already used" error. */
public final class UniqueViolation {
    private UniqueViolation() {}

    /** The name of the violated unique index, if {@code e} is (or wraps) a unique violation. */
    public static Optional<String> index(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && "23505".equals(p.getSQLState())) {
                return Optional.ofNullable(p.getServerErrorMessage())
                        .map(m -> m.getConstraint() == null ? "" : m.getConstraint());
            }
        }
        return Optional.empty();
    }
}
