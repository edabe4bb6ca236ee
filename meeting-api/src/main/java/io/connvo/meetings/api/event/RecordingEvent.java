package io.connvo.meetings.api.event;

import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;

/** An event of one recording's life. */
public interface RecordingEvent {

    RecordingId recordingId();

    /** The recording's status once this happened: the one rule the aggregate and the views read. */
    RecordingStatus status();
}
