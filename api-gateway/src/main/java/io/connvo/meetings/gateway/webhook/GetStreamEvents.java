package io.connvo.meetings.gateway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Text;
import io.connvo.meetings.api.command.ActivateRecording;
import io.connvo.meetings.api.command.ConfirmRecordingStopped;
import io.connvo.meetings.api.command.FailRecording;
import io.connvo.meetings.api.command.FailTranscription;
import io.connvo.meetings.api.command.InitializeTranscription;
import io.connvo.meetings.api.command.MarkRecordingReady;
import io.connvo.meetings.api.command.MarkTranscriptionReady;
import io.connvo.meetings.api.command.StopTranscription;
import io.connvo.meetings.api.error.MeetingException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Maps GetStream webhook events to the meeting's outcome commands. Webhooks do not know our recording ids, so
 * the recording commands carry a null id: the aggregate applies them to its latest recording in the matching
 * state (a late or repeated event then finds none and changes nothing).
 */
final class GetStreamEvents {

    /** Meetings live in calls of this type; the call id is the meeting id. */
    static final String CALL_TYPE = "default";
    static final String TRANSCRIPTION_PROVIDER = "getstream";

    private GetStreamEvents() {
    }

    static String type(JsonNode event) {
        if (!event.isObject()) {
            throw MeetingException.validation("body", "webhook body must be a JSON object");
        }
        String type = event.path("type").asText("");
        if (!event.path("type").isTextual() || type.isBlank()) {
            throw MeetingException.validation("type", "type is required");
        }
        return Text.line("type", type);
    }

    static WebhookAction toAction(JsonNode event) {
        String type = type(event);
        return switch (type) {
            case "call.recording_started", "call.recording_stopped", "call.recording_ready", "call.recording_failed",
                 "call.transcription_started", "call.transcription_stopped", "call.transcription_ready",
                 "call.transcription_failed" -> forMeeting(type, event);
            default -> new WebhookAction.Ignore("event type " + type + " is not handled");
        };
    }

    private static WebhookAction forMeeting(String type, JsonNode event) {
        JsonNode cidNode = event.path("call_cid");
        String cid = cidNode.asText("");
        int colon = cid.indexOf(':');
        if (!cidNode.isTextual() || colon < 1) {
            throw MeetingException.validation("call_cid", "call_cid must be <type>:<id>");
        }
        if (!CALL_TYPE.equals(cid.substring(0, colon))) {
            return new WebhookAction.Ignore("call " + cid + " is not a meeting's call");
        }
        MeetingId meetingId = meetingId(cid.substring(colon + 1));
        String egress = Objects.requireNonNullElse(optionalText(event, null, "egress_id"), "");
        Object command = switch (type) {
            case "call.recording_started" -> new ActivateRecording(meetingId, null);
            case "call.recording_stopped" -> new ConfirmRecordingStopped(meetingId, null);
            case "call.recording_ready" -> {
                JsonNode file = event.path("call_recording");
                yield new MarkRecordingReady(meetingId, null, requiredText(file, "call_recording", "url"),
                        optionalText(file, "call_recording", "filename"),
                        instant(file, "call_recording", "start_time"), instant(file, "call_recording", "end_time"));
            }
            case "call.recording_failed" -> new FailRecording(meetingId, null,
                    "GetStream reported the recording failed" + (egress.isEmpty() ? "" : " (egress " + egress + ")"));
            case "call.transcription_started" ->
                    new InitializeTranscription(meetingId, TRANSCRIPTION_PROVIDER, egress.isEmpty() ? null : egress);
            case "call.transcription_stopped" -> new StopTranscription(meetingId, "GetStream stopped the transcription");
            case "call.transcription_ready" -> new MarkTranscriptionReady(meetingId,
                    requiredText(event.path("call_transcription"), "call_transcription", "url"));
            case "call.transcription_failed" -> new FailTranscription(meetingId,
                    "GetStream reported the transcription failed" + (egress.isEmpty() ? "" : " (egress " + egress + ")"));
            default -> throw new IllegalArgumentException("unmapped meeting event " + type);
        };
        return new WebhookAction.Send(command);
    }

    private static MeetingId meetingId(String callId) {
        try {
            return new MeetingId(callId);
        } catch (MeetingException e) {
            throw MeetingException.validation("call_cid", "call_cid does not name a meeting");
        }
    }

    private static String requiredText(JsonNode parent, String parentName, String field) {
        String value = optionalText(parent, parentName, field);
        if (value == null || value.isBlank()) {
            throw MeetingException.validation(parentName + "." + field, parentName + "." + field + " is required");
        }
        return value;
    }

    /** A string field of the payload ({@code parentName} null at the top level), within the input policy. */
    private static String optionalText(JsonNode parent, String parentName, String field) {
        String name = parentName == null ? field : parentName + "." + field;
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().length() > 2048) {
            throw MeetingException.validation(name, name + " must be a string of at most 2048 characters");
        }
        return Text.line(name, node.asText());
    }

    private static Instant instant(JsonNode parent, String parentName, String field) {
        String text = optionalText(parent, parentName, field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw MeetingException.validation(parentName + "." + field, parentName + "." + field + " must be an RFC 3339 time");
        }
    }
}
