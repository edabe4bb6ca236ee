package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.error.Causes;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.error.MeetingException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns what went wrong while reading a request body into a VALIDATION_ERROR naming the field by its JSON
 * path ({@code args.recordingConfig.quality}); {@code body} when the document as a whole is at fault.
 */
final class RequestErrors {

    static final String BODY = "body";

    private RequestErrors() {
    }

    static ErrorDetails validation(String field, String message) {
        return new ErrorDetails(ErrorCode.VALIDATION_ERROR, message, Map.of("field", field));
    }

    /** The details of a body that could not be read, if a Jackson failure is in the chain. */
    static Optional<ErrorDetails> fromReadFailure(Throwable failure) {
        return Causes.find(failure, JacksonException.class).map(RequestErrors::translate);
    }

    static ErrorDetails translate(JacksonException e) {
        if (e instanceof StreamConstraintsException) {
            return validation(BODY, "body exceeds the size limits");
        }
        String path = path(e);
        String field = path.isEmpty() ? BODY : path;
        Optional<ErrorDetails> rule = MeetingException.detailsOf(e);
        if (rule.isPresent()) {
            return relativeTo(path, rule.get());
        }
        if (e instanceof UnrecognizedPropertyException) {
            return validation(field, "Unknown field " + field);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return validation(field, field + " must be " + describe(mismatch.getTargetType()));
        }
        if (e instanceof InputCoercionException || isDuplicateKey(e)) {
            // a number out of range or a key given twice: the parser knows which field it was reading
            String at = parserPath((StreamReadException) e);
            String named = at.isEmpty() ? BODY : at;
            return validation(named, e instanceof InputCoercionException ? named + " is out of range"
                    : named + " is given more than once");
        }
        if (e instanceof StreamReadException) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            return validation(BODY, "body is not well-formed JSON" + where);
        }
        return validation(field, field + " is invalid");
    }

    /** A rule a request record enforced names its field relative to the record; prefix where the record sits. */
    private static ErrorDetails relativeTo(String path, ErrorDetails details) {
        Object relative = details.metadata().get("field");
        if (path.isEmpty() || !(relative instanceof String name)) {
            return details;
        }
        String field = path + "." + name;
        String message = details.message().startsWith(name) ? field + details.message().substring(name.length())
                : details.message();
        return new ErrorDetails(details.code(), message, Map.of("field", field));
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Jackson reports a duplicate key as a plain read error whose message starts so. */
    private static boolean isDuplicateKey(JacksonException e) {
        return e instanceof StreamReadException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Duplicate ");
    }

    /** Where the parser stood when it failed, as a JSON path; empty at the top level. */
    private static String parserPath(StreamReadException e) {
        JsonParser parser = e.processor();
        if (parser == null) {
            return "";
        }
        Deque<String> parts = new ArrayDeque<>();
        for (TokenStreamContext at = parser.streamReadContext(); at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inObject() && at.currentName() != null) {
                parts.addFirst("." + at.currentName());
            } else if (at.inArray()) {
                parts.addFirst("[" + Math.max(at.getCurrentIndex(), 0) + "]");
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + String.join(", ", ExactEnumValues.documented(type));
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant or epoch milliseconds";
        }
        return "an object";
    }
}
