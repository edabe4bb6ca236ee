package io.connvo.meetings.platform;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The one Jackson 2 configuration Axon uses for events, messages, sagas, tokens and deadlines. Kept apart from
 * Spring Boot's own (Jackson 3) mapper so that web settings can never change what is stored. Usable without
 * Spring, e.g. in a saga's serialization round-trip test.
 */
public final class AxonSerializers {

    private AxonSerializers() {
    }

    /**
     * Times as ISO-8601 strings; unknown properties ignored on read so that events written before a field was
     * removed stay readable; private fields visible so that a saga's state without getters is not dropped; never
     * default typing (the payload type is stored beside the payload).
     */
    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    }

    public static JacksonSerializer jackson() {
        return JacksonSerializer.builder().objectMapper(objectMapper()).build();
    }
}
