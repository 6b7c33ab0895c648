package dev.latchkey.project;

import java.util.Locale;

/** Test or live: the segment that appears in every id and credential of a project (SPEC §1.3). */
public enum Environment {
    TEST,
    LIVE;

    public String segment() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Environment fromSegment(String segment) {
        return valueOf(segment.toUpperCase(Locale.ROOT));
    }

    /** The environment a project id names, e.g. {@code project-live-…} is live. */
    public static Environment ofProjectId(String projectId) {
        return projectId.startsWith("project-live-") ? LIVE : TEST;
    }
}
