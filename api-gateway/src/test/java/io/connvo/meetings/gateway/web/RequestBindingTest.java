package io.connvo.meetings.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.connvo.meetings.api.RecordingLayout;
import io.connvo.meetings.api.RecordingMode;
import io.connvo.meetings.api.RecordingQuality;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The strict binding of route bodies and the field each rejection names (the HTTP tests cover the wiring). */
class RequestBindingTest {

    private final JsonMapper mapper = RunRequestConverter.strictMapper(1024);

    @Test
    void readsTheSeedExample() {
        StartRecordingRequest request = mapper.readValue("""
                {"args":{"meetingId":"meeting_123example","recordingConfig":
                  {"mode":"available","audioOnly":false,"quality":"1080p","layout":"single-participant"}}}""",
                StartRecordingRequest.class);
        assertThat(request.args().id().value()).isEqualTo("meeting_123example");
        assertThat(request.args().recordingConfig().mode()).isEqualTo(RecordingMode.AVAILABLE);
        assertThat(request.args().recordingConfig().quality()).isEqualTo(RecordingQuality.P1080);
        assertThat(request.args().recordingConfig().layout()).isEqualTo(RecordingLayout.SINGLE_PARTICIPANT);
    }

    @Test
    void recordingConfigDefaultsWhenAbsentOrNull() {
        assertThat(mapper.readValue("{\"args\":{\"meetingId\":\"m1\",\"recordingConfig\":null}}",
                StartRecordingRequest.class).args().recordingConfig().quality()).isEqualTo(RecordingQuality.P720);
    }

    @Test
    void scheduledAtIsAnIsoInstantOrEpochMillis() {
        assertThat(mapper.readValue("{\"args\":{\"title\":\"t\",\"scheduledAt\":\"2026-01-01T10:00:00Z\"}}",
                CreateMeetingRequest.class).args().scheduledAt()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(mapper.readValue("{\"args\":{\"title\":\"t\",\"scheduledAt\":1767261600000}}",
                CreateMeetingRequest.class).args().scheduledAt()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                     | {"args":                                                   | body
            array body                   | []                                                         | body
            trailing content             | {"args":{"meetingId":"m1"}} {}                             | body
            missing args                 | {}                                                         | args
            null args                    | {"args":null}                                              | args
            args not an object           | {"args":"m1"}                                              | args
            args an array                | {"args":["m1"]}                                            | args
            unknown top-level field      | {"args":{"meetingId":"m1"},"extra":1}                      | extra
            duplicate key                | {"args":{"meetingId":"m1","meetingId":"m2"}}               | args.meetingId
            missing meetingId            | {"args":{}}                                                | args.meetingId
            null meetingId               | {"args":{"meetingId":null}}                                | args.meetingId
            empty meetingId              | {"args":{"meetingId":""}}                                  | args.meetingId
            meetingId with bad chars     | {"args":{"meetingId":"a/b"}}                               | args.meetingId
            meetingId too long           | {"args":{"meetingId":"m12345678901234567890123456789012345678901234567890123456789012345"}} | args.meetingId
            meetingId a number           | {"args":{"meetingId":5}}                                   | args.meetingId
            meetingId an object          | {"args":{"meetingId":{}}}                                  | args.meetingId
            unknown field in args        | {"args":{"meetingId":"m1","foo":1}}                        | args.foo
            unknown quality              | {"args":{"meetingId":"m1","recordingConfig":{"quality":"4k"}}} | args.recordingConfig.quality
            quality as number            | {"args":{"meetingId":"m1","recordingConfig":{"quality":720}}}  | args.recordingConfig.quality
            empty layout                 | {"args":{"meetingId":"m1","recordingConfig":{"layout":""}}}    | args.recordingConfig.layout
            audioOnly as string          | {"args":{"meetingId":"m1","recordingConfig":{"audioOnly":"true"}}} | args.recordingConfig.audioOnly
            audioOnly as number          | {"args":{"meetingId":"m1","recordingConfig":{"audioOnly":1}}}  | args.recordingConfig.audioOnly
            unknown field in config      | {"args":{"meetingId":"m1","recordingConfig":{"fps":30}}}       | args.recordingConfig.fps
            config not an object         | {"args":{"meetingId":"m1","recordingConfig":"720p"}}           | args.recordingConfig
            """)
    void startRecordingRejections(String name, String json, String field) {
        assertRejected(json, StartRecordingRequest.class, field);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing title                | {"args":{}}                                                | args.title
            blank title                  | {"args":{"title":"  "}}                                    | args.title
            title a number               | {"args":{"title":1}}                                       | args.title
            maxParticipants a string     | {"args":{"title":"t","maxParticipants":"10"}}              | args.maxParticipants
            maxParticipants a float      | {"args":{"title":"t","maxParticipants":2.5}}               | args.maxParticipants
            maxParticipants zero         | {"args":{"title":"t","maxParticipants":0}}                 | args.maxParticipants
            recordingEnabled a string    | {"args":{"title":"t","recordingEnabled":"yes"}}            | args.recordingEnabled
            scheduledAt not an instant   | {"args":{"title":"t","scheduledAt":"tomorrow"}}            | args.scheduledAt
            scheduledAt a boolean        | {"args":{"title":"t","scheduledAt":true}}                  | args.scheduledAt
            """)
    void createMeetingRejections(String name, String json, String field) {
        assertRejected(json, CreateMeetingRequest.class, field);
    }

    @Test
    void oversizedStringsAreRejectedPerField() {
        assertRejected("{\"args\":{\"title\":\"" + "x".repeat(201) + "\"}}", CreateMeetingRequest.class, "args.title");
        assertRejected("{\"args\":{\"meetingId\":\"m1\",\"reason\":\"" + "x".repeat(501) + "\"}}",
                CancelMeetingRequest.class, "args.reason");
        assertRejected("{\"args\":{\"meetingId\":\"m1\",\"userId\":\"" + "x".repeat(256) + "\"}}",
                AddParticipantRequest.class, "args.userId");
    }

    @Test
    void documentsOverTheLimitAreRejectedWhole() {
        assertRejected("{\"args\":{\"title\":\"" + "x".repeat(2000) + "\"}}", CreateMeetingRequest.class, "body");
    }

    private void assertRejected(String json, Class<?> type, String field) {
        JacksonException failure = catchThrowableOfType(JacksonException.class, () -> mapper.readValue(json, type));
        assertThat(failure).as("rejected: %s", json).isNotNull();
        ErrorDetails details = RequestErrors.translate(failure);
        assertThat(details.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(details.metadata()).containsEntry("field", field);
        assertThat(details.message()).contains(field);
    }
}
