package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One trace from request to GetStream: a startRecording that carries a W3C {@code traceparent} yields spans in that
 * trace for the HTTP route, the command's dispatch and handling, the event's processing in both projections and in
 * the saga, and the saga's HTTP call to GetStream (which carries the trace on to GetStream); the stored events name
 * the same trace id. Spans are read from an exporter that keeps them in memory.
 */
class TracingTest extends StandaloneHttpTest {

    @Autowired
    TraceRecorder spans;

    @Autowired
    SdkTracerProvider tracerProvider;

    @Test
    void startRecordingIsOneTraceFromTheRouteToGetStream() {
        sandbox.recover();
        getStreamCircuitBreaker.reset();
        String host = paidUserToken(user("host"));
        String meetingId = provisionedPaidMeeting(host);

        String traceId = UUID.randomUUID().toString().replace("-", "");
        String traceparent = "00-" + traceId + "-" + traceId.substring(0, 16) + "-01";
        spans.watch(traceId);
        Reply started = send("POST", "/api/run/meetings/stream/index/startRecording", "application/json",
                bytes("{\"args\":{\"meetingId\":\"" + meetingId + "\"}}"), host, Map.of("traceparent", traceparent));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        String recordingId = started.value().path("recordingId").asString();
        awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("active"));

        Map<String, List<SpanData>> trace = new HashMap<>();
        waiting().until(() -> {
            tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
            trace.clear();
            trace.putAll(spans.spans(traceId).stream().collect(Collectors.groupingBy(SpanData::getName)));
            return trace.containsKey("MediaSaga.on(RecordingStarted,MediaServices,DeadlineManager)")
                    && trace.values().stream().flatMap(List::stream).anyMatch(TracingTest::startRecordingCall);
        });
        List<SpanData> all = trace.values().stream().flatMap(List::stream).toList();
        System.out.println("Spans of trace " + traceId + ":\n  " + all.stream()
                .map(span -> span.getKind() + " " + span.getName()).sorted().collect(Collectors.joining("\n  ")));

        assertThat(all).as("the HTTP route").anySatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(span.getName()).contains("/api/run/meetings/stream/index/startRecording");
            assertThat(span.getParentSpanId()).isEqualTo(traceId.substring(0, 16));
        });
        assertThat(trace.keySet()).as("the command's dispatch and handling").contains(
                "CommandBus.dispatchCommand(StartRecording)", "CommandBus.handleCommand(StartRecording)",
                "EventBus.publishEvent(RecordingStarted)");
        // the handler's span names its parameters, which its collaborators (deadlines, settings) are part of
        assertThat(trace.keySet()).as("the aggregate's handler").anyMatch(name -> name.startsWith("Meeting.handle(StartRecording"));
        assertThat(trace.keySet()).as("the event in both projections and the saga").contains(
                "StreamingEventProcessor.process(RecordingStarted)",
                "MeetingViewProjection.on(RecordingStarted,long)", "RecordingViewProjection.on(RecordingStarted,long)",
                "SagaManager.invokeSaga(MediaSaga)(RecordingStarted)");
        assertThat(all).as("the GetStream call").anyMatch(TracingTest::startRecordingCall);

        SpanData call = all.stream().filter(TracingTest::startRecordingCall).findFirst().orElseThrow();
        assertThat(all).as("the GetStream call inside the saga's handling")
                .anyMatch(span -> span.getSpanId().equals(call.getParentSpanId()));

        List<String> storedTraceIds = jdbc.sql("SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "AND payload_type LIKE '%RecordingStarted'")
                .param(meetingId)
                .query((rs, row) -> new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8))
                .list();
        assertThat(storedTraceIds).singleElement().asString().contains("\"traceId\":\"" + traceId + "\"");
    }

    private static boolean startRecordingCall(SpanData span) {
        return span.getKind() == SpanKind.CLIENT && span.getAttributes().asMap().toString().contains("start_recording");
    }
}
