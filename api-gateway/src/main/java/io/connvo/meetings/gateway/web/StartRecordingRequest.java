package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingMode;
import io.connvo.meetings.api.error.MeetingException;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of startRecording, in the seed's shape. */
@Schema(requiredProperties = "args")
public record StartRecordingRequest(Args args) implements RunRequest {

    public StartRecordingRequest {
        RunRequest.required("args", args);
    }

    /** {@code recordingConfig} absent or null means the defaults (available, video, 720p, grid). */
    @Schema(name = "StartRecordingArgs", requiredProperties = "meetingId")
    public record Args(@Schema(description = "ID from table \"meetings\"") String meetingId, RecordingConfig recordingConfig) {

        public Args {
            RunRequest.meetingId(meetingId);
            recordingConfig = recordingConfig == null ? RecordingConfig.defaults() : recordingConfig;
            if (recordingConfig.mode() == RecordingMode.DISABLED) {
                throw MeetingException.validation("recordingConfig.mode",
                        "recordingConfig.mode 'disabled' cannot be started");
            }
        }

        public MeetingId id() {
            return new MeetingId(meetingId);
        }
    }
}
