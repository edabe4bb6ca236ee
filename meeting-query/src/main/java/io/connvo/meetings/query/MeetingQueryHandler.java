package io.connvo.meetings.query;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.query.GetMeeting;
import io.connvo.meetings.api.query.GetRecording;
import io.connvo.meetings.api.query.ListUserMeetings;
import io.connvo.meetings.api.query.ListRecordings;
import io.connvo.meetings.api.query.MeetingView;
import io.connvo.meetings.api.query.RecordingList;
import io.connvo.meetings.api.query.RecordingView;
import io.connvo.meetings.api.query.UserMeetingPage;
import io.connvo.meetings.api.query.UserMeetingSummary;
import java.util.List;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Answers the meeting queries for participants only. Anyone else gets the same NOT_FOUND as for an unknown
 * meeting, so a meeting's existence is not revealed.
 */
@Component
public class MeetingQueryHandler {

    /** The largest page of listUserMeetings. */
    public static final int MAX_PAGE = 100;

    private final ViewReader views;

    public MeetingQueryHandler(ViewReader views) {
        this.views = views;
    }

    @QueryHandler
    public MeetingView handle(GetMeeting query) {
        if (query.meetingId() == null || query.requestedBy() == null) {
            throw meetingNotFound();
        }
        return views.meeting(query.meetingId()).filter(view -> view.hasParticipant(query.requestedBy()))
                .orElseThrow(MeetingQueryHandler::meetingNotFound);
    }

    @QueryHandler
    public RecordingList handle(ListRecordings query) {
        requireParticipant(query.meetingId(), query.requestedBy());
        return new RecordingList(query.meetingId(), views.recordings(query.meetingId()));
    }

    @QueryHandler
    public RecordingView handle(GetRecording query) {
        requireParticipant(query.meetingId(), query.requestedBy());
        if (query.recordingId() == null) {
            throw MeetingException.notFound("Recording");
        }
        return views.recording(query.meetingId(), query.recordingId())
                .orElseThrow(() -> MeetingException.notFound("Recording"));
    }

    /** The caller's own meetings: one more row than the page is read to know whether another page follows. */
    @QueryHandler
    public UserMeetingPage handle(ListUserMeetings query) {
        if (query.userId() == null) {
            throw MeetingException.validation("userId", "userId is required");
        }
        if (query.limit() < 1 || query.limit() > MAX_PAGE) {
            throw MeetingException.validation("limit", "limit must be between 1 and " + MAX_PAGE);
        }
        UserMeetingCursor after = query.cursor() == null ? null : UserMeetingCursor.decode(query.cursor());
        List<UserMeetingSummary> rows = views.userMeetings(query.userId(), query.state(), after, query.limit() + 1);
        if (rows.size() <= query.limit()) {
            return new UserMeetingPage(rows, null);
        }
        List<UserMeetingSummary> page = rows.subList(0, query.limit());
        UserMeetingSummary last = page.get(page.size() - 1);
        return new UserMeetingPage(List.copyOf(page), new UserMeetingCursor(last.createdAt(), last.meetingId()).encode());
    }

    private void requireParticipant(MeetingId meetingId, UserId userId) {
        if (meetingId == null || userId == null || !views.isParticipant(meetingId, userId)) {
            throw meetingNotFound();
        }
    }

    private static MeetingException meetingNotFound() {
        return MeetingException.notFound("Meeting");
    }
}
