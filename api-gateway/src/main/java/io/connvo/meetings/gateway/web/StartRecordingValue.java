package io.connvo.meetings.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/** The value of startRecording, in the seed's shape; {@code recordingUrl} only once the provider gave one. */
@Schema(requiredProperties = {"recordingId", "success"})
public record StartRecordingValue(
        boolean success,
        String recordingId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String recordingUrl) {
}
