package io.connvo.meetings.api.audit;

import io.connvo.meetings.api.MeetingState;
import io.connvo.meetings.api.Presence;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.RoomStatus;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.TranscriptionStatus;
import io.connvo.meetings.api.VideoProvider;
import java.time.Instant;
import java.util.List;

/**
 * A meeting's state as of an instant, rebuilt by the Meeting aggregate's own event sourcing handlers from the
 * events stored up to that instant.
 *
 * @param asOf         the instant asked for
 * @param version      the sequence number of the last event applied
 * @param lastEventAt  when that event was stored
 * @param participants in the order they were added
 * @param recordings   in the order they were started
 */
public record MeetingStateAsOf(String meetingId, Instant asOf, long version, Instant lastEventAt, String hostId,
                               String title, Tier tier, VideoProvider videoProvider, int maxParticipants,
                               boolean recordingEnabled, MeetingState state, RoomStatus roomStatus, String roomId,
                               TranscriptionStatus transcription, List<Participant> participants,
                               List<Recording> recordings) {

    public record Participant(String userId, Presence presence) {
    }

    public record Recording(String recordingId, RecordingStatus status) {
    }
}
