package io.connvo.meetings.command;

import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * At most {@code max} accepted actions of one meeting in any sliding {@code window}: a meeting's rate limit, fed by
 * its event sourcing handlers ({@link #record}) and checked by its command handlers ({@link #check}), so fixtures
 * move it with their clock. Only the latest {@code max} instants matter, so only those are kept.
 */
final class RateLimit {

    private final int max;
    private final Duration window;
    private final String tooMany;
    private final Deque<Instant> recent = new ArrayDeque<>();

    /** {@code tooMany} starts the refusal's message, e.g. "Too many recordings started". */
    RateLimit(int max, Duration window, String tooMany) {
        this.max = max;
        this.window = window;
        this.tooMany = tooMany;
    }

    /** RATE_LIMIT_EXCEEDED, with {@code retryAfterMs} until the oldest counted action leaves the window. */
    void check(Instant now) {
        if (recent.size() >= max) {
            Instant oldestLeavesWindow = recent.getFirst().plus(window);
            if (now.isBefore(oldestLeavesWindow)) {
                throw new MeetingException(ErrorCode.RATE_LIMIT_EXCEEDED,
                        tooMany + "; at most " + max + " per " + window.toSeconds() + " seconds",
                        Map.of("retryAfterMs", Duration.between(now, oldestLeavesWindow).toMillis()));
            }
        }
    }

    void record(Instant at) {
        recent.addLast(at);
        if (recent.size() > max) {
            recent.removeFirst();
        }
    }
}
