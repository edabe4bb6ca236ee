package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Text;
import io.connvo.meetings.api.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The host cancels a meeting that has not started. */
public record CancelMeeting(@TargetAggregateIdentifier MeetingId meetingId, UserId requestedBy, String reason) {

    /** The longest reason, in characters after stripping surrounding white space. */
    public static final int REASON_MAX = 500;

    /** Client text obeys the input policy however the command is built, not only behind the gateway. */
    public CancelMeeting {
        Text.line("reason", reason);
    }
}
