package io.connvo.sandbox.getstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BinaryOperator;

/** One call's state in the sandbox. Every method is synchronized: requests for one call may race. */
final class SandboxCall {

    /** A stopped recording or transcription: the egress that produced it and its file. */
    record Finished(String egressId, RecordingFile file) {
    }

    private final ObjectMapper json;
    private final String type;
    private final String id;
    private final String createdById;
    private final Instant createdAt;
    private final String sessionId = UUID.randomUUID().toString();
    private final ObjectNode settings;
    private final ObjectNode custom;
    private final Map<String, String> members = new LinkedHashMap<>();
    /** Users refused in this call until unblocked, whatever token they hold. */
    private final Set<String> blocked = new LinkedHashSet<>();
    private final List<RecordingFile> recordings = new ArrayList<>();
    private final List<RecordingFile> transcriptions = new ArrayList<>();
    private Instant updatedAt;
    private Instant startsAt;
    private Running recording;
    private Running transcription;

    private record Running(String egressId, Instant since) {
    }

    SandboxCall(ObjectMapper json, String type, String id, String createdById, JsonNode data, Instant now) {
        this.json = json;
        this.type = type;
        this.id = id;
        this.createdById = createdById;
        this.createdAt = now;
        this.updatedAt = now;
        this.settings = defaultSettings(json);
        merge(settings, data.path("settings_override"));
        this.custom = json.createObjectNode();
        merge(custom, data.path("custom"));
        this.startsAt = parseTime(data.path("starts_at"));
        for (JsonNode member : data.path("members")) {
            String userId = member.path("user_id").asText("");
            if (!userId.isEmpty()) {
                members.put(userId, member.path("role").asText("user"));
            }
        }
    }

    synchronized void update(JsonNode request, Instant now) {
        merge(settings, request.path("settings_override"));
        merge(custom, request.path("custom"));
        Instant requestedStart = parseTime(request.path("starts_at"));
        if (requestedStart != null) {
            startsAt = requestedStart;
        }
        updatedAt = now;
    }

    /** {@code update_members} are added (or get their new role), {@code remove_members} leave; both may repeat. */
    synchronized void updateMembers(JsonNode request, Instant now) {
        for (JsonNode removed : request.path("remove_members")) {
            members.remove(removed.asText());
        }
        for (JsonNode member : request.path("update_members")) {
            String userId = member.path("user_id").asText("");
            if (userId.isEmpty()) {
                throw new SandboxError(400, SandboxError.INPUT_ERROR,
                        "UpdateCallMembers failed with error: \"update_members[].user_id is a required field\"");
            }
            members.put(userId, member.path("role").asText("user"));
        }
        updatedAt = now;
    }

    synchronized void block(String userId, Instant now) {
        blocked.add(userId);
        updatedAt = now;
    }

    synchronized void unblock(String userId, Instant now) {
        blocked.remove(userId);
        updatedAt = now;
    }

    /** A blocked user is refused, as GetStream refuses them whatever token they hold. */
    synchronized void admit(String userId) {
        if (blocked.contains(userId)) {
            throw new SandboxError(403, SandboxError.NOT_ALLOWED,
                    "JoinCall failed with error: \"user " + userId + " is blocked from call " + cid() + "\"");
        }
    }

    synchronized String startRecording(Instant now) {
        if (recording != null) {
            throw new SandboxError(400, SandboxError.INPUT_ERROR,
                    "StartRecording failed with error: \"call " + cid() + " is already being recorded\"");
        }
        recording = new Running(UUID.randomUUID().toString(), now);
        updatedAt = now;
        return recording.egressId;
    }

    synchronized Finished stopRecording(Instant now, BinaryOperator<String> fileUrl) {
        if (recording == null) {
            throw new SandboxError(400, SandboxError.INPUT_ERROR,
                    "StopRecording failed with error: \"call " + cid() + " has no active recording\"");
        }
        String filename = "rec_" + type + "_" + id + "_" + recording.since.toEpochMilli() + ".mp4";
        RecordingFile file = new RecordingFile(filename, fileUrl.apply("recordings", filename), sessionId,
                recording.since, now);
        recordings.add(file);
        Finished finished = new Finished(recording.egressId, file);
        recording = null;
        updatedAt = now;
        return finished;
    }

    synchronized String abortRecording(Instant now) {
        if (recording == null) {
            throw new IllegalStateException("call " + cid() + " has no active recording");
        }
        String egressId = recording.egressId;
        recording = null;
        updatedAt = now;
        return egressId;
    }

    synchronized String startTranscription(Instant now, String language) {
        if (transcription != null) {
            throw new SandboxError(400, SandboxError.INPUT_ERROR,
                    "StartTranscription failed with error: \"call " + cid() + " is already being transcribed\"");
        }
        if (language != null && settings.get("transcription") instanceof ObjectNode transcriptionSettings) {
            transcriptionSettings.put("language", language);
        }
        transcription = new Running(UUID.randomUUID().toString(), now);
        updatedAt = now;
        return transcription.egressId;
    }

    synchronized Finished stopTranscription(Instant now, BinaryOperator<String> fileUrl) {
        if (transcription == null) {
            throw new SandboxError(400, SandboxError.INPUT_ERROR,
                    "StopTranscription failed with error: \"call " + cid() + " has no active transcription\"");
        }
        String filename = "transcript_" + type + "_" + id + "_" + transcription.since.toEpochMilli() + ".jsonl";
        RecordingFile file = new RecordingFile(filename, fileUrl.apply("transcriptions", filename), sessionId,
                transcription.since, now);
        transcriptions.add(file);
        Finished finished = new Finished(transcription.egressId, file);
        transcription = null;
        updatedAt = now;
        return finished;
    }

    /** Writes {@code call} and {@code members} as GetStream's call responses carry them. */
    synchronized void render(ObjectNode answer) {
        ObjectNode call = answer.putObject("call");
        call.put("type", type);
        call.put("id", id);
        call.put("cid", cid());
        call.put("current_session_id", sessionId);
        call.put("created_at", GetStreamSandbox.time(createdAt));
        call.put("updated_at", GetStreamSandbox.time(updatedAt));
        if (startsAt != null) {
            call.put("starts_at", GetStreamSandbox.time(startsAt));
        }
        call.put("recording", recording != null);
        call.put("transcribing", transcription != null);
        call.put("captioning", false);
        call.put("translating", false);
        call.put("backstage", false);
        ArrayNode blockedIds = call.putArray("blocked_user_ids");
        blocked.forEach(blockedIds::add);
        call.set("created_by", user(createdById, "user"));
        call.set("custom", custom.deepCopy());
        call.set("settings", settings.deepCopy());
        ArrayNode memberList = answer.putArray("members");
        members.forEach((userId, role) -> {
            ObjectNode member = memberList.addObject();
            member.put("user_id", userId);
            member.set("user", user(userId, "user"));
            member.put("role", role);
            member.putObject("custom");
            member.put("created_at", GetStreamSandbox.time(createdAt));
            member.put("updated_at", GetStreamSandbox.time(createdAt));
        });
    }

    synchronized CallState snapshot() {
        return new CallState(cid(), createdById, List.copyOf(members.keySet()), List.copyOf(blocked), settings.deepCopy(),
                recording != null, transcription != null, List.copyOf(recordings), List.copyOf(transcriptions));
    }

    private String cid() {
        return type + ":" + id;
    }

    private ObjectNode user(String userId, String role) {
        ObjectNode user = json.createObjectNode();
        user.put("id", userId);
        user.put("role", role);
        user.put("banned", false);
        user.put("online", false);
        user.put("invisible", false);
        user.put("shadow_banned", false);
        user.put("language", "");
        user.put("created_at", GetStreamSandbox.time(createdAt));
        user.put("updated_at", GetStreamSandbox.time(createdAt));
        user.putArray("blocked_user_ids");
        user.putArray("teams");
        user.putObject("custom");
        return user;
    }

    private static Instant parseTime(JsonNode node) {
        if (node.isTextual()) {
            try {
                return Instant.parse(node.asText());
            } catch (java.time.format.DateTimeParseException e) {
                throw new SandboxError(400, SandboxError.INPUT_ERROR, "starts_at is not a valid time");
            }
        }
        return null;
    }

    /** Copies the non-null fields of {@code override} into {@code target}, objects recursively (explicit nulls keep the old value). */
    private static void merge(ObjectNode target, JsonNode override) {
        if (!override.isObject()) {
            return;
        }
        override.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                return;
            }
            JsonNode existing = target.get(entry.getKey());
            if (value.isObject() && existing instanceof ObjectNode existingObject) {
                merge(existingObject, value);
            } else {
                target.set(entry.getKey(), value.deepCopy());
            }
        });
    }

    private static ObjectNode defaultSettings(ObjectMapper json) {
        ObjectNode settings = json.createObjectNode();
        ObjectNode recording = settings.putObject("recording");
        recording.put("mode", "available");
        recording.put("quality", "720p");
        recording.put("audio_only", false);
        recording.putObject("layout").put("name", "spotlight");
        ObjectNode transcription = settings.putObject("transcription");
        transcription.put("mode", "available");
        transcription.put("closed_caption_mode", "disabled");
        transcription.put("language", "auto");
        ObjectNode limits = settings.putObject("limits");
        limits.putNull("max_participants");
        limits.putNull("max_duration_seconds");
        limits.put("max_participants_exclude_owner", false);
        limits.putArray("max_participants_exclude_roles");
        ObjectNode audio = settings.putObject("audio");
        audio.put("mic_default_on", true);
        audio.put("default_device", "speaker");
        settings.putObject("video").put("camera_default_on", true);
        return settings;
    }
}
