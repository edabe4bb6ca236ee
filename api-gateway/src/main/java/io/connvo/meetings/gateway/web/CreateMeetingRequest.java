package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.Instants;
import io.connvo.meetings.api.command.CreateMeeting;
import io.connvo.meetings.api.error.MeetingException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import tools.jackson.databind.annotation.JsonDeserialize;

/** The body of createMeeting. */
@Schema(requiredProperties = "args")
public record CreateMeetingRequest(Args args) implements RunRequest {

    public CreateMeetingRequest {
        RunRequest.required("args", args);
    }

    /**
     * @param scheduledAt      ISO-8601 instant ({@code 2026-01-01T10:00:00Z}) or epoch milliseconds
     * @param maxParticipants  default 10; the provider rule caps it (4 on WebRTC, 100 on GetStream)
     * @param recordingEnabled whether recording is requested (a paid meeting that requests it gets GetStream)
     * @param maxDurationMinutes how long the meeting may run once started before it ends by itself; default and
     *                         upper bound {@code connvo.guards.max-meeting-duration} (4 h)
     */
    @Schema(name = "CreateMeetingArgs", requiredProperties = "title")
    public record Args(
            @Schema(maxLength = CreateMeeting.TITLE_MAX) String title,
            @Schema(maxLength = CreateMeeting.DESCRIPTION_MAX) String description,
            @JsonDeserialize(using = InstantOrEpochMillis.class)
            @Schema(description = "ISO-8601 instant or epoch milliseconds", oneOf = {String.class, Long.class})
            Instant scheduledAt,
            @Schema(minimum = "1", maximum = "" + CreateMeeting.MAX_PARTICIPANTS_LIMIT) Integer maxParticipants,
            Boolean recordingEnabled,
            @Schema(minimum = "1", description = "Minutes the meeting may run once started before it ends by "
                    + "itself; default and maximum: the configured maximum meeting duration (4 h unless configured)")
            Integer maxDurationMinutes) {

        public Args {
            RunRequest.text("title", title, CreateMeeting.TITLE_MAX);
            RunRequest.optionalMultilineText("description", description, CreateMeeting.DESCRIPTION_MAX);
            Instants.within("scheduledAt", scheduledAt);
            if (maxParticipants != null && (maxParticipants < 1 || maxParticipants > CreateMeeting.MAX_PARTICIPANTS_LIMIT)) {
                throw MeetingException.validation("maxParticipants",
                        "maxParticipants must be between 1 and " + CreateMeeting.MAX_PARTICIPANTS_LIMIT);
            }
            if (maxDurationMinutes != null && maxDurationMinutes < 1) {
                throw MeetingException.validation("maxDurationMinutes", "maxDurationMinutes must be at least 1");
            }
        }

        public boolean recordingRequested() {
            return recordingEnabled != null && recordingEnabled;
        }
    }
}
