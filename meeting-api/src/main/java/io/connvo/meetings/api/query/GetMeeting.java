package io.connvo.meetings.api.query;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;

/**
 * One meeting as {@link MeetingView}, for its participants only: anyone else gets NOT_FOUND, so a
 * meeting's existence is not revealed. As a subscription query its updates follow every change.
 */
public record GetMeeting(MeetingId meetingId, UserId requestedBy) {
}
