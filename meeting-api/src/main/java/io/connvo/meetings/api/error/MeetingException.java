package io.connvo.meetings.api.error;

import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

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
     * What a failure means to whoever sent the message: the one classification, read by the command bus, the
     * gateway and the saga alike. A rule's details anywhere in the cause chain (a local {@code MeetingException},
     * or the details Axon deserialized from a remote one) come first; else Axon's own failures that have a domain
     * meaning: a lost race on the meeting's stream is a {@link #concurrentChange()}, a meeting with no events is
     * NOT_FOUND, as for a caller who is not a participant. Empty for any other failure.
     */
    public static Optional<ErrorDetails> detailsOf(Throwable failure) {
        Optional<ErrorDetails> rule = Causes.of(failure).map(MeetingException::ruleDetails).flatMap(Optional::stream)
                .findFirst();
        if (rule.isPresent()) {
            return rule;
        }
        return Causes.of(failure).map(MeetingException::axonDetails).flatMap(Optional::stream).findFirst();
    }

    private static Optional<ErrorDetails> ruleDetails(Throwable t) {
        if (t instanceof MeetingException me) {
            return Optional.of(me.details);
        }
        return HandlerExecutionException.resolveDetails(t).filter(ErrorDetails.class::isInstance)
                .map(ErrorDetails.class::cast);
    }

    private static Optional<ErrorDetails> axonDetails(Throwable t) {
        if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
            return Optional.of(concurrentChange().details);
        }
        if (t instanceof AggregateNotFoundException) {
            return Optional.of(notFound("Meeting").details);
        }
        return Optional.empty();
    }
}
