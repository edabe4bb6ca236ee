package io.connvo.sandbox.getstream;

import java.time.Instant;

/** A finished recording or transcript of a call, as the sandbox lists it and announces it by webhook. */
public record RecordingFile(String filename, String url, String sessionId, Instant startTime, Instant endTime) {
}
