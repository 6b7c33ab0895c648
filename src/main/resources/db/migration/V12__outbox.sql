-- The durable outbox (issue 11): every email and SMS for a configured provider is written here by the transaction
-- that creates its token or code, and delivered by workers on every node (SELECT … FOR UPDATE SKIP LOCKED).
-- body is the message sealed with the master key (AES-256-GCM, bound to project and row id); it is erased once
-- the message is sent. next_attempt_at is when the row may next be claimed: a claim pushes it forward by the
-- lease, so a row whose node died mid-send is claimed again once the lease runs out. seq orders the messages of
-- one recipient: a worker claims a message only when no earlier one to that recipient is still pending, so a
-- replaced code never arrives after its replacement.
CREATE TABLE outbox (
    id              text PRIMARY KEY,
    seq             bigserial   NOT NULL,
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
CREATE INDEX outbox_recipient_pending ON outbox (project_id, channel, recipient, seq) WHERE status = 'pending';
CREATE INDEX outbox_finished ON outbox (finished_at) WHERE status <> 'pending';
CREATE INDEX outbox_listing ON outbox (status, seq DESC);
