package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.connvo.sandbox.getstream.Endpoint;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * GetStream down for longer than the circuit breaker's open-state wait (500 ms here) while paid meetings start,
 * ended only once the breaker has probed after that wait and opened again: the breaker opens (visible in
 * /actuator/health), every meeting ends provisioned or fallen back to WebRTC,
 * the breaker closes again once GetStream answers, and no retry or saga is left behind.
 */
class GetStreamOutageTest extends StandaloneHttpTest {

    static final int MEETINGS_DURING_OUTAGE = 8;

    @AfterEach
    void healthy() {
        sandbox.recover();
    }

    @Test
    void afterTheOutageEveryPaidMeetingIsSettledTheBreakerClosedAndNothingPending() {
        getStreamCircuitBreaker.reset();
        AtomicInteger reopened = new AtomicInteger();
        getStreamCircuitBreaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition() == CircuitBreaker.StateTransition.HALF_OPEN_TO_OPEN) {
                reopened.incrementAndGet();
            }
        });
        String host = paidUserToken(user("host"));
        int callsBefore = sandbox.requestCount(Endpoint.GET_OR_CREATE_CALL);
        sandbox.outageFor(Duration.ofMinutes(5)); // ended below, once it has outlasted the breaker's window
        Instant outageStart = Instant.now();

        List<String> meetings = new ArrayList<>();
        for (int i = 0; i < MEETINGS_DURING_OUTAGE; i++) {
            meetings.add(startPaidMeeting(host));
        }
        waiting().until(() -> health().path("components").path("getstream").path("status").asString(),
                status -> status.equals("CIRCUIT_OPEN") || status.equals("CIRCUIT_HALF_OPEN"));
        assertThat(health().path("status").asString()).as("an open circuit does not take the application down").isEqualTo("UP");
        // outlasted the breaker's window: after its open-state wait the breaker let probes through, and they failed
        waiting().until(() -> reopened.get() > 0);
        sandbox.recover();
        Instant outageEnd = Instant.now();

        List<JsonNode> settled = meetings.stream()
                .map(id -> awaitMeeting(id, host, m -> List.of("provisioned", "fallback").contains(m.path("roomStatus").asString())))
                .toList();
        long provisioned = settled.stream().filter(m -> m.path("roomStatus").asString().equals("provisioned")).count();
        long fallback = settled.stream().filter(m -> m.path("roomStatus").asString().equals("fallback")).count();
        assertThat(provisioned + fallback).isEqualTo(MEETINGS_DURING_OUTAGE);
        settled.stream().filter(m -> m.path("roomStatus").asString().equals("fallback")).forEach(m -> {
            assertThat(m.path("fallbackReason").asString()).isNotBlank();
            assertThat(m.path("webrtcReady").asBoolean()).isTrue();
        });
        settled.stream().filter(m -> m.path("roomStatus").asString().equals("provisioned"))
                .forEach(m -> assertThat(sandbox.call("default", m.path("meetingId").asString())).isPresent());

        // the next paid meeting after recovery probes the half-open breaker, which closes
        String after = startPaidMeeting(host);
        awaitMeeting(after, host, m -> m.path("roomStatus").asString().equals("provisioned")
                && m.path("transcriptionStatus").asString().equals("active"));
        waiting().until(() -> health().path("components").path("getstream").path("status").asString(), "UP"::equals);
        assertThat(getStreamCircuitBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

        meetings.add(after);
        for (String meetingId : meetings) {
            ok("lifecycle/endMeeting", Map.of("meetingId", meetingId), host);
        }
        // nothing stuck: every saga ended, no retry deadline left for these meetings
        waiting().untilAsserted(() -> {
            for (String meetingId : meetings) {
                assertThat(sagasOf(meetingId)).as("saga of " + meetingId).isZero();
            }
        });
        waiting().untilAsserted(() -> assertThat(pendingRetries()).isZero());
        System.out.printf("GetStream outage of %d ms, breaker re-opened %d times after probing: %d meetings started "
                        + "during it, %d provisioned, %d fell back, %d get-or-create requests reached the sandbox%n",
                Duration.between(outageStart, outageEnd).toMillis(), reopened.get(), MEETINGS_DURING_OUTAGE,
                provisioned, fallback, sandbox.requestCount(Endpoint.GET_OR_CREATE_CALL) - callsBefore);
    }

    JsonNode health() {
        Reply response = get("/actuator/health", null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    long pendingRetries() {
        return PendingDeadlines.sagaRetries(jdbc.sql("SELECT task_data FROM scheduled_tasks").query(byte[].class).list());
    }
}
