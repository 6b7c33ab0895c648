-- Fixed-window counters of every throttle (sends and guesses per address, per phone number, per client IP).
-- The key is "<rule>:<sha-256 of the address, number or IP>", so the table keeps no address in clear.
-- They replace send_limits (V6), the one-per-second send limit, which is now the per-second rule of this table.
CREATE TABLE throttle_hits (
    project_id   text        NOT NULL REFERENCES projects (id),
    key          text        NOT NULL,
    window_start timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    count        integer     NOT NULL,
    PRIMARY KEY (project_id, key, window_start)
);

CREATE INDEX throttle_hits_expiry ON throttle_hits (expires_at);

DROP TABLE send_limits;
