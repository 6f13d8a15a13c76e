-- The read side of coordinated response (org.concord.response), embedded (SQLite) flavour.
-- Keep in step with ../postgresql/V17__response.sql: same tables, columns and indexes.
-- Derived from the cases collection and rebuildable: nothing here is the only copy of anything.
-- Times are microseconds since the epoch (UTC).

-- One row per case: its newest version's fields, for listing (newest edit first, keyset paging).
CREATE TABLE response_case (
    case_id        TEXT    PRIMARY KEY,
    name           TEXT    NOT NULL,
    status         TEXT    NOT NULL,              -- investigation_status: new, open, closed
    determination  TEXT    NOT NULL,
    criticality    INTEGER,
    tlp            TEXT    NOT NULL,
    lead           TEXT    NOT NULL,              -- created_by_ref: the opener's member identity
    opened_us      INTEGER NOT NULL,
    edited_us      INTEGER NOT NULL,              -- the greatest write stamp
    modified       TEXT    NOT NULL               -- the newest version's modified
);
CREATE INDEX response_case_edited ON response_case (edited_us, case_id);
CREATE INDEX response_case_status ON response_case (status, edited_us, case_id);

-- One row per request: its effective state after the fold.
CREATE TABLE response_request (
    request_id     TEXT    PRIMARY KEY,
    case_id        TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    priority       TEXT    NOT NULL,
    state          TEXT    NOT NULL,
    requester      TEXT    NOT NULL,
    receiver       TEXT    NOT NULL,
    sent_us        INTEGER NOT NULL,
    acknowledge_by_us INTEGER NOT NULL,
    fulfil_by_us   INTEGER NOT NULL,
    edited_us      INTEGER NOT NULL,
    tlp            TEXT    NOT NULL
);
CREATE INDEX response_request_edited ON response_request (edited_us, request_id);
CREATE INDEX response_request_receiver ON response_request (receiver, state, edited_us);
CREATE INDEX response_request_requester ON response_request (requester, state, edited_us);
CREATE INDEX response_request_case ON response_request (case_id);

-- Every object of a case (task, event, note, participation, request, escalation): one indexed query loads a case.
CREATE TABLE response_member (
    object_id      TEXT    PRIMARY KEY,
    case_id        TEXT    NOT NULL,
    type           TEXT    NOT NULL,
    request_id     TEXT                           -- an escalation's request
);
CREATE INDEX response_member_case ON response_member (case_id, type);
CREATE INDEX response_member_request ON response_member (request_id);

-- Per case and member, its participation's effective state (the audience, design §5).
CREATE TABLE response_audience (
    case_id        TEXT    NOT NULL,
    member         TEXT    NOT NULL,
    role           TEXT    NOT NULL,
    state          TEXT    NOT NULL,
    invited_by     TEXT    NOT NULL,
    at_us          INTEGER NOT NULL,
    PRIMARY KEY (case_id, member)
);
CREATE INDEX response_audience_member ON response_audience (member, state);

-- How far the projection has read the cases collection.
CREATE TABLE response_cursor (
    name           TEXT    PRIMARY KEY,
    after_us       INTEGER NOT NULL
);

-- Deadlines this node's member holds (design §4): one row per (request, deadline, level); closed when
-- a transition makes it moot or when the sweep has written its escalation (or, for expire, the expiry).
CREATE TABLE response_deadline (
    request_id     TEXT    NOT NULL,
    deadline       TEXT    NOT NULL,              -- acknowledge, fulfil, expire
    level          INTEGER NOT NULL,              -- 1 or 2 (0 for expire)
    due_us         INTEGER NOT NULL,
    done_us        INTEGER,
    PRIMARY KEY (request_id, deadline, level)
);
CREATE INDEX response_deadline_due ON response_deadline (done_us, due_us);
