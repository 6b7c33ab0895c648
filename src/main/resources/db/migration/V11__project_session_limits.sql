-- Per-project session limits (issue 8): the longest session a browser (/sdk/v1) may ask for, and how long a session
-- may go unused before it dies. Defaults: 7 days and 24 hours (docs/compatibility.md).
ALTER TABLE projects
    ADD COLUMN sdk_session_max_minutes integer NOT NULL DEFAULT 10080
        CHECK (sdk_session_max_minutes BETWEEN 5 AND 527040),
    ADD COLUMN session_idle_timeout_minutes integer NOT NULL DEFAULT 1440
        CHECK (session_idle_timeout_minutes BETWEEN 5 AND 527040);
