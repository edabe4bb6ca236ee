-- Recordings view (processing group recording-view): one row per recording, its config as columns.
-- version is the sequence number of the meeting event that last changed the row; handlers skip older events.
-- start_sequence orders a meeting's recordings (newest first) in the order the meeting accepted them.
CREATE TABLE recording_view (
    recording_id         VARCHAR(64)              NOT NULL PRIMARY KEY,
    meeting_id           VARCHAR(64)              NOT NULL,
    status               VARCHAR(16)              NOT NULL,
    mode                 VARCHAR(16)              NOT NULL,
    audio_only           BOOLEAN                  NOT NULL,
    quality              VARCHAR(16)              NOT NULL,
    layout               VARCHAR(32)              NOT NULL,
    started_by           VARCHAR(255)             NOT NULL,
    url                  VARCHAR,
    filename             VARCHAR,
    failure_reason       VARCHAR,
    started_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    activated_at         TIMESTAMP WITH TIME ZONE,
    stop_requested_at    TIMESTAMP WITH TIME ZONE,
    stopped_at           TIMESTAMP WITH TIME ZONE,
    recording_started_at TIMESTAMP WITH TIME ZONE,
    recording_ended_at   TIMESTAMP WITH TIME ZONE,
    start_sequence       BIGINT                   NOT NULL,
    version              BIGINT                   NOT NULL
);

CREATE INDEX recording_view_meeting_idx ON recording_view (meeting_id, start_sequence);
