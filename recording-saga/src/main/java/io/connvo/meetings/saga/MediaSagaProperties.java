package io.connvo.meetings.saga;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the media saga dispatches its outcome commands ({@code connvo.media-saga.*}).
 *
 * @param dispatchRetries how often an outcome command that lost a race on its meeting is sent again, default 5
 * @param dispatchBackoff the first wait before sending again; it doubles per retry, default 200ms
 * @param callThreads     threads that make the saga's calls to GetStream (room, transcription, recordings, the stops at
 *                        a meeting's end), so that the event processor's threads never wait for one (see
 *                        {@link MediaCallRunner}); one meeting's calls take one thread at a time, in order; default 16
 */
@ConfigurationProperties("connvo.media-saga")
public record MediaSagaProperties(
        @DefaultValue("5") int dispatchRetries,
        @DefaultValue("200ms") Duration dispatchBackoff,
        @DefaultValue("16") int callThreads) {

    public MediaSagaProperties {
        if (dispatchRetries < 1) {
            throw new IllegalArgumentException("connvo.media-saga.dispatch-retries must be at least 1");
        }
        dispatchBackoff = dispatchBackoff == null ? Duration.ofMillis(200) : dispatchBackoff;
        if (dispatchBackoff.isNegative() || dispatchBackoff.isZero()) {
            throw new IllegalArgumentException("connvo.media-saga.dispatch-backoff must be positive");
        }
        if (callThreads < 1) {
            throw new IllegalArgumentException("connvo.media-saga.call-threads must be at least 1");
        }
    }
}
