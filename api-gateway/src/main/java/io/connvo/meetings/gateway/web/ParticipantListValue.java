package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.query.ParticipantView;
import java.util.List;

/** The value of listMeetingParticipants: in the order they were added, each with role and presence. */
public record ParticipantListValue(String meetingId, List<ParticipantView> participants) {
}
