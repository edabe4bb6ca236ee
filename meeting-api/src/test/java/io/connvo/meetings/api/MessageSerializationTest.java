package io.connvo.meetings.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.error.MeetingException;
import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every message record survives a round trip through Jackson 2 configured as the Axon serializer is
 * (JSR-310 times, no default typing): what is stored in the event store or sent over Axon Server comes back
 * equal. Records are discovered from the classpath, so a new message is covered without touching this test.
 */
class MessageSerializationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static Stream<Class<?>> messageRecords() throws Exception {
        Path root = Path.of(MeetingId.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<Class<?>> records = files
                    .filter(p -> p.toString().endsWith(".class"))
                    .map(p -> root.relativize(p).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", ""))
                    .map(MessageSerializationTest::load)
                    .filter(Class::isRecord)
                    .toList();
            assertThat(records).hasSizeGreaterThan(40);
            return records.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("messageRecords")
    void roundTripsThroughJackson(Class<?> type) throws Exception {
        Object sample = sample(type, type);
        String json = MAPPER.writeValueAsString(sample);
        assertThat(MAPPER.readValue(json, type)).isEqualTo(sample);
    }

    @Test
    void idsAndEnumsUseTheirWireForm() throws Exception {
        assertThat(MAPPER.writeValueAsString(new MeetingId("meeting_1"))).isEqualTo("\"meeting_1\"");
        assertThat(MAPPER.writeValueAsString(RecordingLayout.SINGLE_PARTICIPANT)).isEqualTo("\"single-participant\"");
        assertThat(MAPPER.readValue("\"1080p\"", RecordingQuality.class)).isEqualTo(RecordingQuality.P1080);
    }

    @Test
    void generatedIdsArePrefixedAndUnique() {
        assertThat(RecordingId.generate().value()).startsWith("recording_").isNotEqualTo(RecordingId.generate().value());
        assertThat(MeetingId.generate().value()).matches("meeting_[0-9a-f]{32}");
    }

    @Test
    void malformedIdsAreValidationErrorsNamingTheField() {
        assertThatThrownBy(() -> new MeetingId("has space"))
                .isInstanceOfSatisfying(MeetingException.class, e -> {
                    assertThat(e.details().code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
                    assertThat(e.details().metadata()).containsEntry("field", "meetingId");
                });
        assertThatThrownBy(() -> new RecordingId("meeting_1")).isInstanceOf(MeetingException.class);
        assertThatThrownBy(() -> new UserId("")).isInstanceOf(MeetingException.class);
    }

    @Test
    void recordingConfigFillsDefaults() {
        assertThat(RecordingConfig.defaults())
                .isEqualTo(new RecordingConfig(RecordingMode.AVAILABLE, false, RecordingQuality.P720, RecordingLayout.GRID));
    }

    @Test
    void errorDetailsAreFoundInACauseChain() {
        MeetingException rejected = new MeetingException(ErrorCode.CONFLICT, "busy", Map.of("recordingId", "recording_1"));
        assertThat(MeetingException.detailsOf(new RuntimeException(rejected)))
                .contains(new ErrorDetails(ErrorCode.CONFLICT, "busy", Map.of("recordingId", "recording_1")));
        assertThat(MeetingException.detailsOf(new IllegalStateException("boom"))).isEmpty();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value of every component type, shaped so that the records' own checks accept it. */
    private static Object sample(Type type, Class<?> owner) throws Exception {
        if (type instanceof ParameterizedType p) {
            Object element = sample(p.getActualTypeArguments()[p.getActualTypeArguments().length - 1], owner);
            return p.getRawType() == Map.class ? Map.of("key", element.toString()) : List.of(element);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) return "text";
        if (c == int.class || c == Integer.class) return 7;
        if (c == long.class || c == Long.class) return 42L;
        if (c == boolean.class || c == Boolean.class) return true;
        if (c == Instant.class) return Instant.parse("2026-01-02T03:04:05Z");
        if (c == Duration.class) return Duration.ofMinutes(90);
        if (c == MeetingId.class) return new MeetingId("meeting_abc");
        if (c == RecordingId.class) return new RecordingId("recording_abc");
        if (c == UserId.class) return new UserId("user_01");
        if (c == Object.class) return "value";
        if (c.isEnum()) return c.getEnumConstants()[c.getEnumConstants().length - 1];
        if (c.isRecord()) {
            RecordComponent[] components = c.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                args[i] = sample(components[i].getGenericType(), c);
                types[i] = components[i].getType();
            }
            Constructor<?> canonical = c.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        }
        throw new IllegalArgumentException("no sample for " + c + " in " + owner);
    }
}
