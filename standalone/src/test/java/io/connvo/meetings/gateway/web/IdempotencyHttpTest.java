package io.connvo.meetings.gateway.web;

import static io.connvo.meetings.testsupport.TestHttp.failed;
import static io.connvo.meetings.testsupport.TestHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.testsupport.TestHttp.Reply;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key} on the command routes, over HTTP with real tokens, on H2. */
class IdempotencyHttpTest extends GatewayHttpTest {

    private static final String KEY = "Idempotency-Key";
    private static final String CREATE = RUN + "lifecycle/createMeeting";

    private static String key() {
        return UUID.randomUUID().toString();
    }

    /** POSTs {@code body} to {@code route} with the {@code Idempotency-Key} header. */
    private Reply withKey(String key, String route, String token, String body) {
        return run(route, token, body, KEY, key);
    }

    /** A new free user's createMeeting under a fresh key, to be sent again as it is. */
    private record KeyedCreate(String host, String token, String key, String body) {
    }

    private static KeyedCreate keyedCreate(String argsJson) {
        String host = user();
        return new KeyedCreate(host, free(host), key(), args(argsJson));
    }

    private Reply send(KeyedCreate create) {
        return withKey(create.key(), CREATE, create.token(), create.body());
    }

    private long meetingsHostedBy(String host) {
        return jdbc.sql("SELECT COUNT(*) FROM meeting_view WHERE host_id = ?").param(host).query(Long.class).single();
    }

    /** MeetingCreated events naming {@code host} (every test's users are new). */
    private long meetingCreatedEventsOf(String host) {
        return jdbc.sql("SELECT payload FROM domain_event_entry WHERE payload_type = ?")
                .param(MeetingCreated.class.getName())
                .query((rs, i) -> new String(rs.getBytes(1), StandardCharsets.UTF_8)).list().stream()
                .filter(payload -> payload.contains("\"" + host + "\"")).count();
    }

    @Test
    void aRepeatGetsTheFirstAnswerAndCreatesNoSecondMeeting() {
        KeyedCreate create = keyedCreate("{\"title\":\"Retried\"}");
        String token = create.token();

        Reply first = ok(send(create));
        Reply repeat = ok(send(create));

        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(meetingCreatedEventsOf(create.host())).isEqualTo(1);

        // the same holds for a command on the meeting: the repeated start is not refused as "already active"
        String start = meeting(first.value().get("meetingId").asString());
        String startKey = key();
        Reply started = ok(withKey(startKey, RUN + "lifecycle/startMeeting", token, start));
        assertThat(ok(withKey(startKey, RUN + "lifecycle/startMeeting", token, start)).body())
                .isEqualTo(started.body());
        // without the key a repeat is a new request
        failed(run(RUN + "lifecycle/startMeeting", token, start), "VALIDATION_ERROR");
    }

    /** As if the node had died after the command and before it stored the answer: no answer, the lease lapsed. */
    private void loseTheAnswer(String callerId, String key) {
        assertThat(jdbc.sql("""
                        UPDATE idempotency_key SET response_status = NULL, response_body = NULL, locked_until = ?
                        WHERE caller_id = ? AND idempotency_key = ?""")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(2), callerId, key).update()).isEqualTo(1);
    }

    @Test
    void aCreateWhoseAnswerWasLostIsAnsweredWithItsMeetingNotASecondOne() {
        KeyedCreate create = keyedCreate("{\"title\":\"Lost answer\"}");
        String meetingId = ok(send(create)).value().get("meetingId").asString();
        loseTheAnswer(create.host(), create.key());

        Reply retry = ok(send(create));

        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(retry.value().get("meetingId").asString()).isEqualTo(meetingId);
        assertThat(retry.value().get("state").asString()).isEqualTo("scheduled");
        assertThat(meetingCreatedEventsOf(create.host())).isEqualTo(1);
        assertThat(ok(send(create)).headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }

    @Test
    void aRecordingStartWhoseAnswerWasLostStartsNoSecondRecording() {
        String host = user();
        String meetingId = startedPaidMeeting(host);
        String token = paid(host);
        String key = key();
        String recordingId = ok(withKey(key, RUN + "stream/index/startRecording", token, meeting(meetingId))).value()
                .get("recordingId").asString();
        ok(run(RUN + "stream/index/stopRecording", token, meeting(meetingId)));
        loseTheAnswer(host, key);

        Reply retry = failed(withKey(key, RUN + "stream/index/startRecording", token, meeting(meetingId)), "CONFLICT");

        assertThat(retry.json().at("/errorData/metadata/recordingId").asString()).isEqualTo(recordingId);
        assertThat(ok(run(RUN + "queries/listRecordings", token, meeting(meetingId))).value().get("recordings").size())
                .isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyOrRouteIsAConflict() {
        String host = user();
        String token = free(host);
        String key = key();
        String meetingId = ok(withKey(key, CREATE, token, args("{\"title\":\"First\"}"))).value().get("meetingId")
                .asString();

        Reply otherBody = failed(withKey(key, CREATE, token, args("{\"title\":\"Second\"}")), "CONFLICT");
        assertThat(otherBody.field()).isEqualTo(KEY);
        Reply otherRoute = failed(withKey(key, RUN + "lifecycle/startMeeting", token, meeting(meetingId)), "CONFLICT");
        assertThat(otherRoute.field()).isEqualTo(KEY);

        assertThat(meetingCreatedEventsOf(host)).isEqualTo(1);
        assertThat(ok(run(RUN + "queries/getMeeting", token, meeting(meetingId))).value().get("state").asString())
                .isEqualTo("scheduled");
    }

    @Test
    void anotherCallersSameKeyIsTheirOwn() {
        String alice = user();
        String bob = user();
        String key = key();
        String body = args("{\"title\":\"Same key\"}");

        String alicesMeeting = ok(withKey(key, CREATE, free(alice), body)).value().get("meetingId").asString();
        Reply bobs = ok(withKey(key, CREATE, free(bob), body));

        assertThat(bobs.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(bobs.value().get("meetingId").asString()).isNotEqualTo(alicesMeeting);
        assertThat(meetingCreatedEventsOf(alice)).isEqualTo(1);
        assertThat(meetingCreatedEventsOf(bob)).isEqualTo(1);
    }

    @Test
    void concurrentRepeatsOfOneKeyCreateExactlyOneMeeting() throws Exception {
        String host = user();
        String token = free(host);
        String key = key();
        String body = args("{\"title\":\"Eight at once\"}");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<CompletableFuture<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                replies.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return withKey(key, CREATE, token, body);
                }, pool));
            }
            go.countDown();
            List<String> meetingIds = new ArrayList<>();
            for (CompletableFuture<Reply> reply : replies) {
                meetingIds.add(ok(reply.get()).value().get("meetingId").asString());
            }
            assertThat(meetingIds).hasSize(threads).containsOnly(meetingIds.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(meetingCreatedEventsOf(host)).isEqualTo(1);
        assertThat(meetingsHostedBy(host)).isEqualTo(1);
    }

    @Test
    void aRefusalByValidationIsReplayed() {
        KeyedCreate tooLong = keyedCreate("{\"title\":\"Long\",\"maxDurationMinutes\":100000}");

        Reply first = failed(send(tooLong), "VALIDATION_ERROR");
        Reply repeat = failed(send(tooLong), "VALIDATION_ERROR");

        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(meetingCreatedEventsOf(tooLong.host())).isZero();
    }

    @Test
    void aConflictLeavesTheKeyFreeSoTheRepeatExecutesOnceTheStateAllows() {
        String host = user();
        String guest = user();
        String token = free(host);
        String meetingId = create(token, "{\"title\":\"Invite twice\"}");
        String add = args("{\"meetingId\":\"" + meetingId + "\",\"userId\":\"" + guest + "\"}");
        ok(run(RUN + "lifecycle/addParticipant", token, add));
        String key = key();

        failed(withKey(key, RUN + "lifecycle/addParticipant", token, add), "CONFLICT");
        ok(run(RUN + "lifecycle/removeParticipant", token, add));
        Reply repeat = ok(withKey(key, RUN + "lifecycle/addParticipant", token, add));

        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(repeat.value().at("/meeting/participants").findValuesAsString("userId")).contains(guest);
    }

    @Test
    void aMalformedKeyIsAValidationErrorNamingTheHeaderAndNothingHappens() {
        String host = user();
        String token = free(host);
        String body = args("{\"title\":\"Bad key\"}");
        // (non-ASCII keys: IdempotencyFilterTest; the JDK's client does not send them as they are)
        for (String bad : List.of("", "has space", "x".repeat(256))) {
            Reply reply = withKey(bad, CREATE, token, body);
            assertThat(reply.status()).as("key '%s': %s", bad, reply.body()).isEqualTo(400);
            assertThat(failed(reply, "VALIDATION_ERROR").field()).as(bad).isEqualTo(KEY);
        }
        assertThat(meetingCreatedEventsOf(host)).isZero();
        ok(withKey("x".repeat(255), CREATE, token, body));
    }

    @Test
    void queriesIgnoreTheKey() {
        String token = free(user());
        String meetingId = create(token, "{\"title\":\"Read\"}");
        Reply first = ok(withKey("has space", RUN + "queries/getMeeting", token, meeting(meetingId)));
        Reply second = ok(withKey("has space", RUN + "queries/getMeeting", token, meeting(meetingId)));
        assertThat(second.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(second.value().get("meetingId").asString()).isEqualTo(first.value().get("meetingId").asString());
    }
}
