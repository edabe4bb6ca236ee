package io.connvo.meetings.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.event.MeetingStarted;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/** What Axon stores: events and saga state survive a round trip through the platform serializer. */
class AxonSerializersTest {

    private final JacksonSerializer serializer = AxonSerializers.jackson();

    private final MeetingStarted started = new MeetingStarted(new MeetingId("meeting_1"), new UserId("user_host"),
            new UserId("user_host"), "Weekly", Tier.PAID, VideoProvider.GETSTREAM, 10,
            List.of(new UserId("user_host"), new UserId("user_2")), Instant.parse("2025-01-01T10:15:30.123Z"));

    @Test
    void anEventSurvivesARoundTripWithItsRevisionAndIsoTimes() {
        SerializedObject<byte[]> data = serializer.serialize(started, byte[].class);
        String json = new String(data.getData(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"startedAt\":\"2025-01-01T10:15:30.123Z\"").contains("\"meetingId\":\"meeting_1\"")
                .doesNotContain("@class");
        assertThat(data.getType().getRevision()).isEqualTo("1");
        assertThat((Object) serializer.deserialize(data)).isEqualTo(started);
    }

    @Test
    void anEventWrittenWithAFieldThatNoLongerExistsStillReads() {
        String json = new String(serializer.serialize(started, byte[].class).getData(), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"removedLater\":\"x\",");
        SimpleSerializedObject<byte[]> old = new SimpleSerializedObject<>(json.getBytes(StandardCharsets.UTF_8),
                byte[].class, new SimpleSerializedType(MeetingStarted.class.getName(), "1"));
        assertThat((Object) serializer.deserialize(old)).isEqualTo(started);
    }

    /** Shaped like a saga: no-arg constructor, private state without getters, nested records and times. */
    static class SagaLike {
        private MeetingId meetingId;
        private int attempts;
        private Instant nextRetryAt;
        private List<UserId> members;
        private transient Object collaborator = new Object();

        boolean isRetrying() {
            return attempts > 0;
        }
    }

    @Test
    void sagaStateWithoutGettersSurvivesARoundTrip() {
        SagaLike saga = new SagaLike();
        saga.meetingId = new MeetingId("meeting_2");
        saga.attempts = 2;
        saga.nextRetryAt = Instant.parse("2025-02-01T00:00:00Z");
        saga.members = List.of(new UserId("user_a"));

        SagaLike copy = serializer.deserialize(serializer.serialize(saga, byte[].class));

        assertThat(copy).usingRecursiveComparison().ignoringFields("collaborator").isEqualTo(saga);
        assertThat(copy.collaborator).isNotNull();
    }
}
