package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingConfig;
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
        }

        public MeetingId id() {
            return new MeetingId(meetingId);
        }
    }
}
