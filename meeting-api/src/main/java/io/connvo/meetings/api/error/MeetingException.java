package io.connvo.meetings.api.error;

import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.HandlerExecutionException;

/**
 * The one domain exception: a rule said no. It is a {@link HandlerExecutionException} whose details are an
 * {@link ErrorDetails}, so Axon carries code, message and metadata to the sender whether the handler ran in
 * this JVM or behind Axon Server. Read it back with {@link #detailsOf(Throwable)}.
 */
public class MeetingException extends HandlerExecutionException {

    /** Metadata key that marks a CONFLICT as a lost race on the meeting rather than a rule: sending again is safe. */
    public static final String CONCURRENT_CHANGE = "concurrentChange";

    private final transient ErrorDetails details;

    public MeetingException(ErrorCode code, String message, Map<String, Object> metadata) {
        this(new ErrorDetails(code, message, metadata));
    }

    public MeetingException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    private MeetingException(ErrorDetails details) {
        // A rule violation is expected control flow: no stack trace to fill or log.
        super(details.message(), null, details, false);
        this.details = details;
    }

    public static MeetingException validation(String field, String message) {
        return new MeetingException(ErrorCode.VALIDATION_ERROR, message, Map.of("field", field));
    }

    public static MeetingException notFound(String what) {
        return new MeetingException(ErrorCode.NOT_FOUND, what + " not found");
    }

    /** Another change of the meeting was stored first; the command was rolled back and may be sent again. */
    public static MeetingException concurrentChange() {
        return new MeetingException(ErrorCode.CONFLICT, "The meeting was changed concurrently; try again",
                Map.of(CONCURRENT_CHANGE, true));
    }

    /** Whether a failure, local or remote, is a {@link #concurrentChange()}. */
    public static boolean isConcurrentChange(Throwable failure) {
        return detailsOf(failure).filter(d -> d.code() == ErrorCode.CONFLICT
                && Boolean.TRUE.equals(d.metadata().get(CONCURRENT_CHANGE))).isPresent();
    }

    public ErrorDetails details() {
        return details;
    }

    /**
     * The error details anywhere in a cause chain: a local {@code MeetingException}, or the details Axon
     * deserialized from a remote one. Empty when the failure was not a rule violation.
     */
    public static Optional<ErrorDetails> detailsOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MeetingException me) {
                return Optional.of(me.details);
            }
            Optional<Object> remote = HandlerExecutionException.resolveDetails(t);
            if (remote.isPresent() && remote.get() instanceof ErrorDetails d) {
                return Optional.of(d);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
