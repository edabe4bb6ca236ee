package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.command.CreateMeeting;
import io.connvo.meetings.api.error.MeetingException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import tools.jackson.databind.annotation.JsonDeserialize;

/** The body of createMeeting. */
@Schema(requiredProperties = "args")
public record CreateMeetingRequest(Args args) implements RunRequest {

    /** Every store keeps these as timestamps; beyond four-digit years H2 and PostgreSQL disagree or fail. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

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
            if (scheduledAt != null && (scheduledAt.isBefore(EARLIEST) || scheduledAt.isAfter(LATEST))) {
                throw MeetingException.validation("scheduledAt",
                        "scheduledAt must be between " + EARLIEST + " and " + LATEST);
            }
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
