package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * GetStream webhooks delivered as the internet delivers them: repeated, late, out of order, for meetings that
 * ended, and forged. The sandbox's own webhooks are switched off so that only these deliveries reach the
 * application; the effect is read from the event store.
 */
class WebhookDeliveryTest extends StandaloneHttpTest {

    static final int REPEATS = 5;

    private String host;

    @BeforeEach
    void quietSandbox() throws Exception {
        sandbox.recover();
        getStreamCircuitBreaker.reset();
        host = paidUserToken(user("host"));
    }

    @AfterEach
    void sandboxWebhooksBack() {
        sandbox.webhookUrl(URI.create("http://127.0.0.1:" + port + "/webhooks/getstream"));
    }

    @Test
    void theSameReadyFiveTimesThenLateStartedAndStoppedGiveOneRecordingReadyAndNoReactivation() throws Exception {
        String meetingId = meetingWithoutSandboxWebhooks();
        String recordingId = ok("stream/index/startRecording", Map.of("meetingId", meetingId), host).path("recordingId").asString();
        awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("active"));
        ok("stream/index/stopRecording", Map.of("meetingId", meetingId), host);
        awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("stopped"));
        List<String> before = events(meetingId);

        // one delivery redelivered: five at once with the same X-Webhook-Id
        String ready = recordingReady(meetingId);
        String readyId = UUID.randomUUID().toString();
        List<CompletableFuture<Reply>> deliveries = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            deliveries.add(CompletableFuture.supplyAsync(() -> webhook(ready, readyId)));
        }
        for (CompletableFuture<Reply> delivery : deliveries) {
            Reply answer = delivery.get(30, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.value().path("outcome").asString()).isIn("applied", "duplicate");
        }
        // the same event again under new ids (GetStream sending it twice), then the earlier events arriving late
        for (int i = 0; i < REPEATS; i++) {
            assertThat(webhook(ready, UUID.randomUUID().toString()).status()).isEqualTo(200);
            assertThat(webhook(recordingEvent("call.recording_started", meetingId), UUID.randomUUID().toString()).status()).isEqualTo(200);
            assertThat(webhook(recordingEvent("call.recording_stopped", meetingId), UUID.randomUUID().toString()).status()).isEqualTo(200);
        }

        List<String> after = events(meetingId);
        assertThat(after.subList(before.size(), after.size())).containsExactly("RecordingReady");
        // the view is projected asynchronously: it reaches ready, and the late events do not take it back
        JsonNode recording = awaitRecording(meetingId, recordingId, host, r -> !r.path("status").asString().equals("stopped"));
        assertThat(recording.path("status").asString()).isEqualTo("ready");
        assertThat(recording.path("url").asString()).isEqualTo("https://cdn.example/" + meetingId + ".mp4");
        assertThat(meeting(meetingId, host).path("currentRecordingId").isNull()).isTrue();
        // the audit trail tells the same: one RecordingReady, by the webhook actor
        JsonNode audit = get("/api/audit/meetings/" + meetingId + "/events", host).value().path("events");
        List<JsonNode> readyEvents = new ArrayList<>();
        audit.forEach(e -> {
            if (e.path("type").asString().endsWith("RecordingReady")) {
                readyEvents.add(e);
            }
        });
        assertThat(readyEvents).hasSize(1);
        assertThat(readyEvents.get(0).path("metadata").path("actor").asString()).isEqualTo("system:getstream-webhook");
    }

    @Test
    void webhooksForAnEndedMeetingChangeNothing() throws Exception {
        String meetingId = meetingWithoutSandboxWebhooks();
        ok("lifecycle/endMeeting", Map.of("meetingId", meetingId), host);
        waiting().until(() -> events(meetingId).contains("TranscriptionStopped"));
        List<String> before = events(meetingId);

        for (int i = 0; i < REPEATS; i++) {
            for (String body : List.of(recordingEvent("call.recording_started", meetingId), recordingReady(meetingId),
                    recordingEvent("call.recording_failed", meetingId), recordingEvent("call.transcription_started", meetingId))) {
                Reply answer = webhook(body, UUID.randomUUID().toString());
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            }
        }

        assertThat(events(meetingId)).isEqualTo(before);
        JsonNode meeting = meeting(meetingId, host);
        assertThat(meeting.path("state").asString()).isEqualTo("concluded");
        assertThat(meeting.path("currentRecordingId").isNull()).isTrue();
        assertThat(ok("queries/listRecordings", Map.of("meetingId", meetingId), host).path("recordings")).isEmpty();
    }

    @Test
    void unsignedForgedMisattributedAndReplayedWebhooksChangeNothing() throws Exception {
        String meetingId = meetingWithoutSandboxWebhooks();
        String recordingId = ok("stream/index/startRecording", Map.of("meetingId", meetingId), host).path("recordingId").asString();
        awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("active"));
        String failed = recordingEvent("call.recording_failed", meetingId);
        String harmless = recordingEvent("call.recording_started", meetingId);
        String usedId = UUID.randomUUID().toString();
        assertThat(webhook(harmless, usedId).status()).isEqualTo(200);
        List<String> before = events(meetingId);
        long deliveriesBefore = jdbc.sql("SELECT COUNT(*) FROM webhook_delivery").query(Long.class).single();

        Reply unsigned = webhook(failed, UUID.randomUUID().toString(), null);
        Reply wrong = webhook(failed, UUID.randomUUID().toString(), "00".repeat(32));
        Reply otherBody = webhook(failed, UUID.randomUUID().toString(), sign(harmless));
        Reply notHex = webhook(failed, UUID.randomUUID().toString(), "sha256=" + sign(failed));
        for (Reply refused : List.of(unsigned, wrong, otherBody, notHex)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
            assertThat(refused.code()).isEqualTo("UNAUTHORIZED");
        }
        Reply replayed = webhook(failed, usedId);
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.value().path("outcome").asString()).isEqualTo("duplicate");

        assertThat(events(meetingId)).isEqualTo(before);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_delivery").query(Long.class).single()).isEqualTo(deliveriesBefore);
        assertThat(recording(meetingId, recordingId, host).path("status").asString()).isEqualTo("active");

        // the same body, signed and new, does fail the recording: the refusals above were not for want of an effect
        assertThat(webhook(failed, UUID.randomUUID().toString()).value().path("outcome").asString()).isEqualTo("applied");
        awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("failed"));
    }

    /**
     * The receiver is open to anyone (its signature is checked on the body), so its body is bounded: one over
     * {@code connvo.getstream.webhook.max-body-size} (1 MB) is refused, signed or not, and nothing is handed on. It
     * used to be read whole, however large, before the signature was checked.
     */
    @Test
    void aBodyOverTheSizeLimitIsRefusedSignedOrNot() {
        String ignored = recordingEvent("call.session_started", "meeting_oversized");
        String oversized = ignored + " ".repeat(1024 * 1024 + 1 - ignored.length());
        long deliveriesBefore = jdbc.sql("SELECT COUNT(*) FROM webhook_delivery").query(Long.class).single();

        for (Reply refused : List.of(webhook(oversized, UUID.randomUUID().toString()),
                webhook(oversized, UUID.randomUUID().toString(), "00".repeat(32)))) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("VALIDATION_ERROR");
            assertThat(refused.field()).isEqualTo("body");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_delivery").query(Long.class).single()).isEqualTo(deliveriesBefore);
        // one byte less is read and handled
        Reply withinLimit = webhook(oversized.substring(0, oversized.length() - 1), UUID.randomUUID().toString());
        assertThat(withinLimit.value().path("outcome").asString()).as(withinLimit.body()).isEqualTo("ignored");
    }

    @Test
    void presenceFollowsGetStreamsOwnTimeWhateverTheOrderAndRepeatsOfItsWebhooks() throws Exception {
        String meetingId = meetingWithoutSandboxWebhooks();
        String guest = user("guest");
        ok("lifecycle/addParticipant", Map.of("meetingId", meetingId, "userId", guest), host);
        List<String> before = events(meetingId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String joined = participantEvent("call.session_participant_joined", meetingId, guest, now);
        String left = participantEvent("call.session_participant_left", meetingId, guest, now.plusSeconds(5));
        String rejoined = participantEvent("call.session_participant_joined", meetingId, guest, now.plusSeconds(7));
        String joinedId = UUID.randomUUID().toString();
        String leftId = UUID.randomUUID().toString();
        String rejoinedId = UUID.randomUUID().toString();

        // newest first, then the older ones late; every delivery twice, the second time as a redelivery
        for (String[] delivery : List.of(new String[] {rejoined, rejoinedId}, new String[] {left, leftId},
                new String[] {joined, joinedId}, new String[] {rejoined, rejoinedId}, new String[] {left, leftId},
                new String[] {joined, joinedId})) {
            Reply answer = webhook(delivery[0], delivery[1]);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.value().path("outcome").asString()).isIn("applied", "duplicate");
        }
        // the same older events sent again by GetStream under new ids
        assertThat(webhook(left, UUID.randomUUID().toString()).value().path("outcome").asString()).isEqualTo("applied");
        assertThat(webhook(joined, UUID.randomUUID().toString()).value().path("outcome").asString()).isEqualTo("applied");

        List<String> after = events(meetingId);
        assertThat(after.subList(before.size(), after.size())).containsExactly("ParticipantJoined");
        JsonNode participant = presenceOf(awaitMeeting(meetingId, host, m -> "joined".equals(presenceOf(m, guest).path("presence").asString())), guest);
        assertThat(Instant.parse(participant.path("joinedAt").asString())).isEqualTo(now.plusSeconds(7));

        // a newer "left" does count, and someone who is not a participant is acknowledged and dropped
        assertThat(webhook(participantEvent("call.session_participant_left", meetingId, guest, now.plusSeconds(9)),
                UUID.randomUUID().toString()).value().path("outcome").asString()).isEqualTo("applied");
        Reply stranger = webhook(participantEvent("call.session_participant_joined", meetingId, user("stranger"),
                now.plusSeconds(10)), UUID.randomUUID().toString());
        assertThat(stranger.status()).isEqualTo(200);
        assertThat(stranger.value().path("outcome").asString()).isEqualTo("rejected");
        awaitMeeting(meetingId, host, m -> "left".equals(presenceOf(m, guest).path("presence").asString()));
        assertThat(events(meetingId, "ParticipantJoined")).isEqualTo(1);
    }

    @Test
    void aFileReadyBeforeTheStopOfARecordingGetStreamEndedByItselfEndsReady() throws Exception {
        String meetingId = meetingWithoutSandboxWebhooks();
        String recordingId = ok("stream/index/startRecording", Map.of("meetingId", meetingId), host).path("recordingId").asString();
        awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("active"));

        assertThat(webhook(recordingReady(meetingId), UUID.randomUUID().toString()).value().path("outcome").asString())
                .isEqualTo("applied");
        assertThat(webhook(recordingEvent("call.recording_stopped", meetingId), UUID.randomUUID().toString()).status())
                .isEqualTo(200);

        JsonNode recording = awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("ready"));
        assertThat(recording.path("url").asString()).isEqualTo("https://cdn.example/" + meetingId + ".mp4");
        List<String> events = events(meetingId);
        assertThat(events.subList(events.size() - 2, events.size())).containsExactly("RecordingStopped", "RecordingReady");
    }

    private static JsonNode presenceOf(JsonNode meeting, String userId) {
        for (JsonNode participant : meeting.path("participants")) {
            if (participant.path("userId").asString().equals(userId)) {
                return participant;
            }
        }
        return JSON.createObjectNode();
    }

    /** A provisioned paid meeting with transcription running; from then on the sandbox sends no webhooks. */
    private String meetingWithoutSandboxWebhooks() throws Exception {
        String meetingId = provisionedPaidMeeting(host);
        awaitMeeting(meetingId, host, m -> m.path("transcriptionStatus").asString().equals("active"));
        sandbox.webhookUrl(null);
        sandbox.webhooksIdle().get(30, TimeUnit.SECONDS);
        return meetingId;
    }

    static String recordingEvent(String type, String meetingId) {
        return "{\"type\":\"" + type + "\",\"call_cid\":\"default:" + meetingId + "\",\"egress_id\":\"egress-1\","
                + "\"recording_type\":\"composite\",\"created_at\":\"2026-01-01T10:00:00Z\"}";
    }

    static String participantEvent(String type, String meetingId, String userId, Instant at) {
        return "{\"type\":\"" + type + "\",\"call_cid\":\"default:" + meetingId + "\",\"created_at\":\"" + at + "\","
                + "\"session_id\":\"session-1\",\"participant\":{\"user\":{\"id\":\"" + userId + "\"},"
                + "\"user_session_id\":\"us-" + userId + "\",\"role\":\"user\",\"joined_at\":\"" + at + "\"}}";
    }

    static String recordingReady(String meetingId) {
        return "{\"type\":\"call.recording_ready\",\"call_cid\":\"default:" + meetingId + "\",\"egress_id\":\"egress-1\","
                + "\"recording_type\":\"composite\",\"created_at\":\"2026-01-01T10:01:00Z\",\"call_recording\":{"
                + "\"filename\":\"" + meetingId + ".mp4\",\"url\":\"https://cdn.example/" + meetingId + ".mp4\","
                + "\"session_id\":\"s1\",\"start_time\":\"2026-01-01T10:00:00Z\",\"end_time\":\"2026-01-01T10:01:00Z\"}}";
    }
}
