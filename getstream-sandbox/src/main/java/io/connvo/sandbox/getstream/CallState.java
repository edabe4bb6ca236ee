package io.connvo.sandbox.getstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A snapshot of one call in the sandbox, for tests and diagnostics. */
public record CallState(
        String cid,
        String createdById,
        List<String> memberIds,
        List<String> blockedUserIds,
        JsonNode settings,
        boolean recording,
        boolean transcribing,
        List<RecordingFile> recordings,
        List<RecordingFile> transcriptions) {
}
