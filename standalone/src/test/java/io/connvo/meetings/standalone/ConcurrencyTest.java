package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Simultaneous commands on one meeting over HTTP: the aggregate's rules hold exactly, whatever the
 * interleaving, and no request ends in an HTTP 500.
 */
class ConcurrencyTest extends StandaloneHttpTest {

    static final int START_MEETING_REQUESTS = 50;
    static final int START_RECORDING_REQUESTS = 10;

    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(START_MEETING_REQUESTS);

    @AfterAll
    static void stopClients() {
        CLIENTS.shutdownNow();
    }

    @BeforeEach
    void healthy() {
        sandbox.recover();
        getStreamCircuitBreaker.reset();
    }

    @Test
    void fiftySimultaneousStartsOfOneMeetingStartItExactlyOnce() throws Exception {
        String host = paidUserToken(user("host"));
        String meetingId = createMeeting(host, false);

        List<Reply> answers = simultaneously(START_MEETING_REQUESTS,
                () -> post("lifecycle/startMeeting", Map.of("meetingId", meetingId), host));

        assertThat(answers.stream().filter(a -> a.status() == 200)).hasSize(1);
        List<Reply> refused = answers.stream().filter(a -> a.status() != 200).toList();
        assertThat(refused).hasSize(START_MEETING_REQUESTS - 1).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(400);
            assertThat(a.code()).as(a.body()).isEqualTo("VALIDATION_ERROR");
            assertThat(a.message()).isEqualTo("Meeting is already active");
        });
        assertThat(events(meetingId, "MeetingStarted")).isEqualTo(1);
        assertThat(meeting(meetingId, host).path("state").asString()).isEqualTo("active");
    }

    /**
     * Four rounds of ten simultaneous starts on one provisioned paid meeting, each round's recording stopped before
     * the next: one start per round is accepted (one recording in progress at a time) until the limit of three per
     * minute, then all ten of the fourth round are RATE_LIMIT_EXCEEDED with Retry-After.
     */
    @Test
    void simultaneousRecordingStartsGiveOneRecordingAtATimeAndAtMostThreeAMinute() throws Exception {
        String host = paidUserToken(user("host"));
        String meetingId = provisionedPaidMeeting(host);

        for (int round = 1; round <= 3; round++) {
            List<Reply> answers = simultaneously(START_RECORDING_REQUESTS,
                    () -> post("stream/index/startRecording", Map.of("meetingId", meetingId), host));
            List<Reply> accepted = answers.stream().filter(a -> a.status() == 200).toList();
            assertThat(accepted).as("round " + round + ": " + codes(answers)).hasSize(1);
            assertThat(answers.stream().filter(a -> a.status() != 200)).allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(400);
                assertThat(a.code()).as(a.body()).isEqualTo("CONFLICT");
                assertThat(a.message()).isEqualTo("A recording is already in progress");
            });
            String recordingId = accepted.get(0).value().path("recordingId").asString();
            awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("active"));
            ok("stream/index/stopRecording", Map.of("meetingId", meetingId), host);
            awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("ready"));
        }

        List<Reply> fourth = simultaneously(START_RECORDING_REQUESTS,
                () -> post("stream/index/startRecording", Map.of("meetingId", meetingId), host));
        assertThat(fourth).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(400);
            assertThat(a.code()).as(a.body()).isEqualTo("RATE_LIMIT_EXCEEDED");
            assertThat(a.json().path("errorData").path("metadata").path("retryAfterMs").asLong()).isPositive();
            assertThat(a.headers().firstValue("Retry-After")).isPresent();
        });
        assertThat(events(meetingId, "RecordingStarted")).isEqualTo(3);
        assertThat(ok("queries/listRecordings", Map.of("meetingId", meetingId), host).path("recordings")).hasSize(3);
    }

    /** Runs {@code count} calls released at the same instant and returns their answers. */
    private static List<Reply> simultaneously(int count, Supplier<Reply> call) throws Exception {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(CLIENTS.submit(() -> {
                ready.countDown();
                go.await();
                return call.get();
            }));
        }
        ready.await();
        go.countDown();
        List<Reply> answers = new java.util.ArrayList<>();
        for (Future<Reply> future : futures) {
            answers.add(future.get());
        }
        return answers;
    }

    private static Map<String, Long> codes(List<Reply> answers) {
        return answers.stream().collect(Collectors.groupingBy(a -> a.status() + " " + a.code(), Collectors.counting()));
    }
}
