package io.connvo.meetings.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.connvo.meetings.testsupport.TestHttp.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Live requests and responses of the two seed endpoints, success and error, validated against the seed's
 * OpenAPI files by an OpenAPI validator. The files are read from the steering repository's
 * {@code shared/contract} beside the clone when present (so a changed contract is noticed), else from the
 * copy in the test resources.
 */
class SeedContractTest extends GatewayHttpTest {

    private static final String START_MEETING = "/api/run/meetings/lifecycle/startMeeting";
    private static final String START_RECORDING = "/api/run/meetings/stream/index/startRecording";
    private static final OpenApiInteractionValidator MEETING_CONTRACT = validator("startMeeting.openapi.yaml");
    private static final OpenApiInteractionValidator RECORDING_CONTRACT = validator("startRecording.openapi.yaml");

    @Test
    void startMeetingOnWebrtc() {
        String token = free(user());
        String meetingId = create(token, "{\"title\":\"Contract\"}");
        Reply reply = assertConforms(MEETING_CONTRACT, START_MEETING, token, meeting(meetingId));
        assertThat(reply.value().get("webrtcReady").asBoolean()).isTrue();
    }

    @Test
    void startMeetingOnGetstream() {
        String token = paid(user());
        String meetingId = create(token, "{\"title\":\"Contract\",\"recordingEnabled\":true}");
        Reply reply = assertConforms(MEETING_CONTRACT, START_MEETING, token, meeting(meetingId));
        assertThat(reply.value().get("videoProvider").asString()).isEqualTo("getstream");
    }

    @Test
    void startMeetingErrors() {
        String host = user();
        String meetingId = create(free(host), "{\"title\":\"Contract\"}");
        assertConforms(MEETING_CONTRACT, START_MEETING, free(user()), meeting(meetingId));
        Reply invalid = run(START_MEETING, free(host), args("{}"));
        assertThat(MEETING_CONTRACT.validateResponse(START_MEETING, Request.Method.POST, response(invalid)).getMessages())
                .isEmpty();
        assertThat(invalid.code()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void startRecordingWithTheSeedExample() {
        String host = user();
        String meetingId = startedPaidMeeting(host);
        Reply reply = assertConforms(RECORDING_CONTRACT, START_RECORDING, paid(host), args("{\"meetingId\":\""
                + meetingId + "\",\"recordingConfig\":{\"mode\":\"available\",\"audioOnly\":false,"
                + "\"quality\":\"720p\",\"layout\":\"single-participant\"}}"));
        assertThat(reply.value().get("recordingId").asString()).startsWith("recording_");
    }

    @Test
    void startRecordingErrors() {
        String host = user();
        String meetingId = startedPaidMeeting(host);
        String spotlight = args("{\"meetingId\":\"" + meetingId + "\",\"recordingConfig\":{\"layout\":\"spotlight\"}}");
        assertThat(assertConforms(RECORDING_CONTRACT, START_RECORDING, paid(host), spotlight).code())
                .isEqualTo("STREAM_ERROR");
        String webrtcMeeting = create(free(host), "{\"title\":\"Free\"}");
        assertConforms(RECORDING_CONTRACT, START_RECORDING, free(host), meeting(webrtcMeeting));
    }

    /** Sends a request valid under the contract and checks both it and the live response against the contract. */
    private Reply assertConforms(OpenApiInteractionValidator contract, String path, String token, String body) {
        Reply reply = run(path, token, body);
        SimpleRequest request = SimpleRequest.Builder.post(path)
                .withContentType("application/json")
                .withAuthorization("Bearer " + token)
                .withBody(body)
                .build();
        ValidationReport report = contract.validate(request, response(reply));
        assertThat(report.getMessages()).as("%s -> %s", body, reply.body()).isEmpty();
        assertThat(reply.status()).isIn(200, 400);
        return reply;
    }

    private static SimpleResponse response(Reply reply) {
        return SimpleResponse.Builder.status(reply.status())
                .withContentType(reply.headers().firstValue("Content-Type").orElse(""))
                .withBody(reply.body())
                .build();
    }

    private static OpenApiInteractionValidator validator(String file) {
        // JSON Schema allows properties a schema does not list; the validator's stricter default would reject
        // every envelope under the seed's FailedResponse ({"type":"object","properties":{}}).
        return OpenApiInteractionValidator.createForInlineApiSpecification(contract(file))
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }

    static String contract(String file) {
        try {
            for (Path shared : List.of(Path.of("../../shared/contract", file), Path.of("../../../shared/contract", file))) {
                if (Files.isRegularFile(shared)) {
                    return Files.readString(shared);
                }
            }
            try (InputStream copy = SeedContractTest.class.getResourceAsStream("/contract/" + file)) {
                assertThat(copy).as("contract copy %s", file).isNotNull();
                return new String(copy.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
