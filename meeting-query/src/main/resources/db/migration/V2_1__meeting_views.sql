-- Meeting view (processing group meeting-view): one row per meeting, one row per participant.
-- version is the sequence number of the last meeting event projected; handlers skip older events.
CREATE TABLE meeting_view (
    meeting_id             VARCHAR(64)              NOT NULL PRIMARY KEY,
    title                  VARCHAR,
    description            VARCHAR,
    host_id                VARCHAR(255)             NOT NULL,
    state                  VARCHAR(16)              NOT NULL,
    tier                   VARCHAR(16)              NOT NULL,
    video_provider         VARCHAR(16)              NOT NULL,
    webrtc_ready           BOOLEAN                  NOT NULL,
    room_id                VARCHAR(255),
    room_status            VARCHAR(16)              NOT NULL,
    fallback_reason        VARCHAR,
    transcription_status   VARCHAR(16)              NOT NULL,
    transcription_provider VARCHAR(32),
    current_recording_id   VARCHAR(64),
    max_participants       INTEGER                  NOT NULL,
    recording_enabled      BOOLEAN                  NOT NULL,
    scheduled_at           TIMESTAMP WITH TIME ZONE,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at             TIMESTAMP WITH TIME ZONE,
    ended_at               TIMESTAMP WITH TIME ZONE,
    cancelled_at           TIMESTAMP WITH TIME ZONE,
    version                BIGINT                   NOT NULL
);

-- The primary key serves both lookups: all participants of a meeting, and one (meeting, user) access check.
CREATE TABLE meeting_participant_view (
    meeting_id     VARCHAR(64)              NOT NULL,
    user_id        VARCHAR(255)             NOT NULL,
    role           VARCHAR(16)              NOT NULL,
    presence       VARCHAR(16)              NOT NULL,
    joined_at      TIMESTAMP WITH TIME ZONE,
    left_at        TIMESTAMP WITH TIME ZONE,
    added_sequence BIGINT                   NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
);
