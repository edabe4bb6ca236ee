package io.connvo.meetings.command;

import io.connvo.meetings.api.RecordingId;
import java.time.Instant;

/**
 * The payload of a guard deadline: what it was scheduled for, so that a deadline whose reason has passed (the
 * room filled again, the recording moved on) changes nothing when it fires.
 *
 * @param recordingId the recording a recording guard watches; null for the meeting's guards
 * @param since       when the room became empty, for the empty-room guard; null for the others
 */
public record GuardDue(RecordingId recordingId, Instant since) {
}
