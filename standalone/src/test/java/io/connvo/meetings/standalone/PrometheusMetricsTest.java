package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.connvo.sandbox.getstream.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A walk-through (meetings, a recording through to ready, a retried GetStream call, webhooks applied, duplicated and
 * forged, bad input, a rate-limit refusal), then a scrape of {@code /actuator/prometheus}: an admin's token reads
 * every family with values that match the walk-through; no token and a non-admin token get the error envelope.
 */
class PrometheusMetricsTest extends StandaloneHttpTest {

    @Test
    void scrapeAfterAWalkThroughShowsEveryFamily() throws Exception {
        sandbox.recover();
        getStreamCircuitBreaker.reset();
        String host = paidUserToken(user("host"));

        String meetingId = provisionedPaidMeeting(host);
        sandbox.failNext(Endpoint.START_RECORDING, 503, 1);
        String recordingId = ok("stream/index/startRecording", Map.of("meetingId", meetingId), host)
                .path("recordingId").asString();
        awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("active"));
        ok("stream/index/stopRecording", Map.of("meetingId", meetingId), host);
        awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("ready"));
        for (int i = 0; i < 2; i++) {
            String next = ok("stream/index/startRecording", Map.of("meetingId", meetingId), host).path("recordingId").asString();
            awaitRecording(meetingId, next, host, r -> r.path("status").asString().equals("active"));
            ok("stream/index/stopRecording", Map.of("meetingId", meetingId), host);
            awaitRecording(meetingId, next, host, r -> r.path("status").asString().matches("ready|stopped"));
        }
        Reply refused = post("stream/index/startRecording", Map.of("meetingId", meetingId), host);
        assertThat(refused.code()).isEqualTo("RATE_LIMIT_EXCEEDED");
        assertThat(post("lifecycle/createMeeting", Map.of("title", ""), host).code()).isEqualTo("VALIDATION_ERROR");

        String webhookBody = WebhookDeliveryTest.recordingEvent("call.recording_failed", meetingId);
        String webhookId = UUID.randomUUID().toString();
        assertThat(webhook(webhookBody, webhookId).status()).isEqualTo(200);
        assertThat(webhook(webhookBody, webhookId).json().path("value").path("outcome").asString()).isEqualTo("duplicate");
        assertThat(webhook(webhookBody, UUID.randomUUID().toString(), "00".repeat(32)).status()).isEqualTo(401);
        String unknownMeeting = WebhookDeliveryTest.recordingEvent("call.recording_failed", "meeting_unknown_" + UUID.randomUUID());
        assertThat(webhook(unknownMeeting, UUID.randomUUID().toString()).json().path("value").path("outcome").asString())
                .isEqualTo("rejected");
        sandbox.webhooksIdle().get();

        Reply anonymous = get("/actuator/prometheus", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.code()).isEqualTo("UNAUTHORIZED");
        Reply member = get("/actuator/prometheus", host);
        assertThat(member.status()).isEqualTo(403);
        assertThat(member.code()).isEqualTo("INSUFFICIENT_PERMISSIONS");

        Reply scrape = get("/actuator/prometheus", token(user("ops"), "admin"));
        assertThat(scrape.status()).as(scrape.body()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String metrics = scrape.body();
        Files.writeString(Path.of("target", "prometheus-scrape.txt"), metrics); // for a look at the real thing

        // Axon: event processors per processing group, commands and queries by message name
        for (String group : List.of("meeting-view", "recording-view", "media-saga")) {
            String processor = "processorName=\"" + group + "\"";
            assertThat(value(metrics, "eventProcessor_processedCounter_total", processor)).as(group + " processed").isPositive();
            assertThat(value(metrics, "eventProcessor_failureCounter_total", processor)).as(group + " failed").isZero();
            assertThat(value(metrics, "eventProcessor_latency", processor)).as(group + " latency (ms)").isBetween(0.0, 60_000.0);
            assertThat(value(metrics, "connvo_event_processor_lag", processor)).as(group + " lag (events)").isBetween(0.0, 50.0);
        }
        // dead letters by group: the projections have queues, and nothing the walk-through did was parked
        for (String group : List.of("meeting-view", "recording-view")) {
            String processor = "processorName=\"" + group + "\"";
            assertThat(value(metrics, "connvo_dead_letters", processor)).as(group + " dead letters").isZero();
            assertThat(value(metrics, "connvo_dead_letter_sequences", processor)).as(group + " parked meetings").isZero();
        }
        assertThat(value(metrics, "commandBus_successCounter_total", "payloadType=\"StartRecording\"")).isGreaterThanOrEqualTo(3);
        assertThat(value(metrics, "commandBus_failureCounter_total", "payloadType=\"StartRecording\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "commandBus_allTimer_seconds_count", "payloadType=\"StartRecording\"")).isGreaterThanOrEqualTo(4);
        assertThat(value(metrics, "commandBus_allTimer_seconds_sum", "payloadType=\"StartRecording\"")).isPositive();
        assertThat(value(metrics, "queryBus_successCounter_total", "payloadType=\"GetMeeting\"")).isPositive();

        // the GetStream circuit breaker
        assertThat(value(metrics, "resilience4j_circuitbreaker_state", "name=\"getstream\"", "state=\"closed\"")).isEqualTo(1);
        assertThat(value(metrics, "resilience4j_circuitbreaker_calls_seconds_count", "name=\"getstream\"", "kind=\"successful\""))
                .isPositive();
        assertThat(value(metrics, "resilience4j_circuitbreaker_calls_seconds_count", "name=\"getstream\"", "kind=\"failed\""))
                .isGreaterThanOrEqualTo(1);

        // the saga's retries, the webhooks by outcome
        assertThat(value(metrics, "connvo_saga_retries_total", "kind=\"recording-start\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "connvo_webhook_deliveries_total", "outcome=\"applied\"")).isPositive();
        assertThat(value(metrics, "connvo_webhook_deliveries_total", "outcome=\"duplicate\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "connvo_webhook_deliveries_total", "outcome=\"rejected\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "connvo_webhook_deliveries_total", "outcome=\"unauthorized\"")).isGreaterThanOrEqualTo(1);

        // HTTP by route and envelope code, rate-limit refusals
        assertThat(value(metrics, "http_server_requests_seconds_count",
                "uri=\"/api/run/meetings/lifecycle/createMeeting\"", "code=\"VALIDATION_ERROR\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "http_server_requests_seconds_count",
                "uri=\"/api/run/meetings/stream/index/startRecording\"", "code=\"none\"")).isGreaterThanOrEqualTo(3);
        assertThat(value(metrics, "http_server_requests_seconds_count",
                "uri=\"/api/run/meetings/stream/index/startRecording\"", "code=\"RATE_LIMIT_EXCEEDED\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "http_server_requests_seconds_count",
                "code=\"INSUFFICIENT_PERMISSIONS\"", "status=\"403\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "connvo_rate_limit_refusals_total",
                "uri=\"/api/run/meetings/stream/index/startRecording\"")).isGreaterThanOrEqualTo(1);
        // the GetStream HTTP client
        assertThat(value(metrics, "getstream_http_client_requests_seconds_count",
                "uri=\"/api/v2/video/call/default/{id}/start_recording\"", "status=\"200\"")).isGreaterThanOrEqualTo(3);
        assertThat(value(metrics, "getstream_http_client_requests_seconds_count",
                "uri=\"/api/v2/video/call/default/{id}/start_recording\"", "status=\"503\"")).isGreaterThanOrEqualTo(1);
    }

    /** The summed value of {@code name}'s samples carrying every given label. */
    static double value(String metrics, String name, String... labels) {
        Pattern number = Pattern.compile("\\}?\\s+([-+0-9.eE]+|NaN)$");
        double sum = 0;
        boolean found = false;
        for (String line : metrics.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " "))
                    && Arrays.stream(labels).allMatch(line::contains)) {
                Matcher m = number.matcher(line);
                assertThat(m.find()).as(line).isTrue();
                sum += Double.parseDouble(m.group(1));
                found = true;
            }
        }
        assertThat(found).as("a sample of %s with %s", name, List.of(labels)).isTrue();
        return sum;
    }
}
