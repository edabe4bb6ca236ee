-- The guard deadlines each meeting has scheduled, so that a meeting that is over cancels them by id
-- (db-scheduler's cancel by name or scope reads and deserializes every pending deadline to find them).
CREATE TABLE meeting_guard_schedule (
    meeting_id  VARCHAR(64)  NOT NULL,
    guard       VARCHAR(64)  NOT NULL,
    schedule_id VARCHAR(255) NOT NULL,
    PRIMARY KEY (meeting_id, schedule_id)
);
