package io.connvo.meetings.api.error;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A failure and its causes, outermost first. What happened often sits several wrappers down (Axon's execution and
 * dispatch exceptions, a future's, the SDK's), so every classification walks the chain, and walks it here.
 */
public final class Causes {

    /** Far deeper than any real chain; a chain that loops back on itself ends here. */
    private static final int MAX_DEPTH = 64;

    private Causes() {
    }

    public static Stream<Throwable> of(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, t -> t.getCause() == t ? null : t.getCause())
                .limit(MAX_DEPTH);
    }

    /** The outermost failure in the chain of type {@code type}, if any. */
    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        return of(failure).filter(type::isInstance).map(type::cast).findFirst();
    }
}
