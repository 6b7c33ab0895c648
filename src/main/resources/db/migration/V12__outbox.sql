-- The durable outbox (issue 11): every email and SMS for a configured provider is written here by the transaction
-- that creates its token or code, and delivered by workers on every node (SELECT … FOR UPDATE SKIP LOCKED).
-- body is the message sealed with the master key (AES-256-GCM, bound to project and row id); it is erased once
-- the message is sent. next_attempt_at is when the row may next be claimed: a claim pushes it forward by the
-- lease, so a row whose node died mid-send is claimed again once the lease runs out.
CREATE TABLE outbox (
    id              text PRIMARY KEY,
    project_id      text        NOT NULL REFERENCES projects (id),
    channel         text        NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient       text        NOT NULL,
    body            bytea,
    status          text        NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    claim_id        text,
    claimed_by      text,
    last_error      text,
    created_at      timestamptz NOT NULL,
    finished_at     timestamptz
);

CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_finished ON outbox (finished_at) WHERE status <> 'pending';
CREATE INDEX outbox_listing ON outbox (status, created_at DESC);
