package io.connvo.meetings.standalone;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A span exporter that keeps, in memory, the finished spans of the traces a test watches, and nothing else: the
 * shared application context serves every HTTP test, and keeping all their spans would only fill the heap.
 */
class TraceRecorder implements SpanExporter {

    private final Map<String, Queue<SpanData>> traces = new ConcurrentHashMap<>();

    void watch(String traceId) {
        traces.putIfAbsent(traceId, new ConcurrentLinkedQueue<>());
    }

    List<SpanData> spans(String traceId) {
        return List.copyOf(traces.getOrDefault(traceId, new ConcurrentLinkedQueue<>()));
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        for (SpanData span : spans) {
            Queue<SpanData> trace = traces.get(span.getTraceId());
            if (trace != null) {
                trace.add(span);
            }
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
