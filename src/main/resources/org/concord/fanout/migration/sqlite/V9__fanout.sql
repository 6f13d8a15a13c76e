-- Webhook delivery state of the alert fan-out (org.concord.fanout), embedded (SQLite) flavour.
-- Keep in step with ../postgresql/V9__fanout.sql: same tables, columns and indexes.
-- Times are microseconds since the epoch (UTC).

-- One row per webhook endpoint (its name in node.json): the endpoint's cursor over the alerts
-- collection and the state of the delivery at the head of its queue. The queue is the alerts
-- collection itself: every alert version with date_added after after_us is still to be settled.
CREATE TABLE webhook_state (
    endpoint         TEXT    PRIMARY KEY,
    after_us         INTEGER NOT NULL,            -- date_added of the last alerts entry settled (delivered, skipped or given up)
    delivered        INTEGER NOT NULL DEFAULT 0,  -- deliveries acknowledged with a 2xx
    skipped          INTEGER NOT NULL DEFAULT 0,  -- alert versions the endpoint does not take (min_severity, max_tlp)
    given_up         INTEGER NOT NULL DEFAULT 0,  -- deliveries given up (see webhook_given_up)
    last_success_us  INTEGER,
    attempts         INTEGER NOT NULL DEFAULT 0,  -- failed attempts of the delivery at the head of the queue
    first_failure_us INTEGER,                     -- when it first failed; NULL while nothing fails
    next_attempt_us  INTEGER,                     -- when it is tried again
    last_error       TEXT,                        -- the last failure, e.g. "HTTP 503" (never a secret)
    last_error_us    INTEGER,
    owner            TEXT,                        -- the node process delivering to this endpoint now (several may share a database)
    lease_until_us   INTEGER                      -- its claim lapses then unless renewed
);

-- Deliveries given up: a 4xx answer other than 408 and 429, or failing for longer than the
-- endpoint allows. Append-only; seq is the order of recording.
CREATE TABLE webhook_given_up (
    seq           INTEGER PRIMARY KEY,
    endpoint      TEXT    NOT NULL,
    delivery_id   TEXT    NOT NULL,
    object_id     TEXT    NOT NULL,
    version       TEXT    NOT NULL,               -- the alert's modified
    date_added_us INTEGER NOT NULL,               -- its entry in the alerts collection
    at_us         INTEGER NOT NULL,
    attempts      INTEGER NOT NULL,
    status        INTEGER,                        -- the HTTP status of the last answer; NULL if none came
    reason        TEXT    NOT NULL
);
CREATE INDEX webhook_given_up_endpoint ON webhook_given_up (endpoint, seq);
