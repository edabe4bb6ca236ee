package io.connvo.meetings.saga.getstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connvo.meetings.api.Instants;
import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Text;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.command.ActivateRecording;
import io.connvo.meetings.api.command.ConfirmCallSessionEnded;
import io.connvo.meetings.api.command.ConfirmParticipantJoined;
import io.connvo.meetings.api.command.ConfirmParticipantLeft;
import io.connvo.meetings.api.command.ConfirmRecordingStopped;
import io.connvo.meetings.api.command.FailRecording;
import io.connvo.meetings.api.command.FailTranscription;
import io.connvo.meetings.api.command.InitializeTranscription;
import io.connvo.meetings.api.command.MarkRecordingReady;
import io.connvo.meetings.api.command.MarkTranscriptionReady;
import io.connvo.meetings.api.command.StopTranscription;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.event.TranscriptionInitialized;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Maps GetStream webhook events to the meeting's outcome commands. Webhooks do not know our recording ids, so
 * the recording commands carry a null id and the meeting decides which of its recordings the event is about.
 * Presence events carry the webhook's {@code created_at}: the meeting orders a participant's joins and leaves by
 * GetStream's time, not by arrival. A field that is present but malformed is a VALIDATION_ERROR naming it.
 */
final class GetStreamEvents {

    /** As long as the gateway's record of a delivery keeps them. */
    static final int MAX_TYPE_LENGTH = 100;
    static final int MAX_CID_LENGTH = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private GetStreamEvents() {
    }

    static JsonNode parse(String body) {
        try {
            JsonNode event = body == null || body.isEmpty() ? null : JSON.readTree(body);
            if (event == null || event.isMissingNode()) {
                throw MeetingException.validation("body", "webhook body is required");
            }
            return event;
        } catch (IOException e) {
            throw MeetingException.validation("body", "webhook body is not valid JSON");
        }
    }

    /** The event's {@code call_cid} if it is text (within the input policy), for the record of the delivery. */
    static String callCid(JsonNode event) {
        JsonNode cid = event.path("call_cid");
        if (cid.isTextual() && cid.asText().length() > MAX_CID_LENGTH) {
            throw MeetingException.validation("call_cid", "call_cid must have at most " + MAX_CID_LENGTH + " characters");
        }
        return cid.isTextual() ? Text.line("call_cid", cid.asText()) : null;
    }

    static String type(JsonNode event) {
        if (!event.isObject()) {
            throw MeetingException.validation("body", "webhook body must be a JSON object");
        }
        String type = event.path("type").asText("");
        if (!event.path("type").isTextual() || type.isBlank()) {
            throw MeetingException.validation("type", "type is required");
        }
        if (type.length() > MAX_TYPE_LENGTH) {
            throw MeetingException.validation("type", "type must have at most " + MAX_TYPE_LENGTH + " characters");
        }
        return Text.line("type", type);
    }

    static WebhookAction toAction(JsonNode event) {
        String type = type(event);
        return switch (type) {
            case "call.recording_started", "call.recording_stopped", "call.recording_ready", "call.recording_failed",
                 "call.transcription_started", "call.transcription_stopped", "call.transcription_ready",
                 "call.transcription_failed", "call.session_participant_joined", "call.session_participant_left",
                 "call.session_ended" -> forMeeting(type, event);
            case "call.session_started" ->
                    new WebhookAction.Ignore("a session's start changes no one's presence: its participants' joins follow");
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
        if (!MeetingId.GETSTREAM_CALL_TYPE.equals(cid.substring(0, colon))) {
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
                    new InitializeTranscription(meetingId, TranscriptionInitialized.GETSTREAM_PROVIDER, egress.isEmpty() ? null : egress);
            case "call.transcription_stopped" -> new StopTranscription(meetingId, "GetStream stopped the transcription");
            case "call.transcription_ready" -> new MarkTranscriptionReady(meetingId,
                    requiredText(event.path("call_transcription"), "call_transcription", "url"));
            case "call.transcription_failed" -> new FailTranscription(meetingId,
                    "GetStream reported the transcription failed" + (egress.isEmpty() ? "" : " (egress " + egress + ")"));
            case "call.session_participant_joined" ->
                    new ConfirmParticipantJoined(meetingId, participant(event), requiredInstant(event, "created_at"));
            case "call.session_participant_left" ->
                    new ConfirmParticipantLeft(meetingId, participant(event), requiredInstant(event, "created_at"));
            case "call.session_ended" -> new ConfirmCallSessionEnded(meetingId, requiredInstant(event, "created_at"));
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

    /** {@code participant.user.id}: GetStream's user id is ours (participant tokens are issued for our user ids). */
    private static UserId participant(JsonNode event) {
        String id = requiredText(event.path("participant").path("user"), "participant.user", "id");
        try {
            return new UserId(id);
        } catch (MeetingException e) {
            throw MeetingException.validation("participant.user.id", "participant.user.id is not a user id");
        }
    }

    private static Instant requiredInstant(JsonNode event, String field) {
        Instant at = instant(event, null, field);
        if (at == null) {
            throw MeetingException.validation(field, field + " is required");
        }
        return at;
    }

    private static String requiredText(JsonNode parent, String parentName, String field) {
        String value = optionalText(parent, parentName, field);
        if (value == null || value.isBlank()) {
            String name = parentName == null ? field : parentName + "." + field;
            throw MeetingException.validation(name, name + " is required");
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
        String name = parentName == null ? field : parentName + "." + field;
        try {
            return Instants.within(name, OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            throw MeetingException.validation(name, name + " must be an RFC 3339 time");
        }
    }
}
