package io.connvo.meetings.gateway.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/** An instant given as an ISO-8601 string ({@code 2026-01-01T10:00:00Z}) or as epoch milliseconds (as Convex clients send). */
public class InstantOrEpochMillis extends ValueDeserializer<Instant> {

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) {
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochMilli(parser.getLongValue());
        }
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            String text = parser.getString();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw context.weirdStringException(text, Instant.class, "not an ISO-8601 instant");
            }
        }
        return (Instant) context.handleUnexpectedToken(Instant.class, parser);
    }
}
