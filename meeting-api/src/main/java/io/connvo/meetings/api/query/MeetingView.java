package io.connvo.meetings.api.query;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.MeetingState;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RoomStatus;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.TranscriptionStatus;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import java.time.Instant;
import java.util.List;

/**
 * The read model of a meeting.
 *
 * @param webrtcReady    true while the meeting's media runs on WebRTC (free tier, or after a fallback)
 * @param roomId         {@code webrtc_<meetingId>} for WebRTC, the call cid once a GetStream room exists
 * @param fallbackReason why provisioning gave up, when {@code roomStatus} is {@code fallback}
 * @param version        sequence number of the last event projected; read-your-writes waits for it
 */
public record MeetingView(
        MeetingId meetingId,
        String title,
        String description,
        UserId hostId,
        MeetingState state,
        Tier tier,
        VideoProvider videoProvider,
        boolean webrtcReady,
        String roomId,
        RoomStatus roomStatus,
        String fallbackReason,
        TranscriptionStatus transcriptionStatus,
        String transcriptionProvider,
        RecordingId currentRecordingId,
        int maxParticipants,
        boolean recordingEnabled,
        List<ParticipantView> participants,
        Instant scheduledAt,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        Instant cancelledAt,
        long version) {

    public boolean hasParticipant(UserId userId) {
        return participants.stream().anyMatch(p -> p.userId().equals(userId));
    }
}
