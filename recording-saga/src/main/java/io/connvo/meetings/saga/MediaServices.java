package io.connvo.meetings.saga;

import io.connvo.meetings.saga.getstream.GetStreamCalls;
import io.connvo.meetings.saga.getstream.GetStreamProperties;
import org.springframework.stereotype.Component;

/**
 * What the media saga works with, handed to its handlers as one parameter: GetStream's calls, the runner that makes
 * them off the event processor's threads, the outcome commands, the retry policy and GetStream's settings. The
 * deadline manager is not among them: Axon passes the one bound to the saga's scope.
 */
@Component
public record MediaServices(GetStreamCalls calls, MediaCallRunner runner, MediaCommands commands, RetryPolicy retry,
                            GetStreamProperties properties) {
}
