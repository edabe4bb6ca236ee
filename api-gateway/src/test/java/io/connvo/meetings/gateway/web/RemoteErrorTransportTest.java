package io.connvo.meetings.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.query.GetMeeting;
import io.connvo.meetings.api.query.MeetingView;
import io.connvo.meetings.platform.PlatformModule;
import java.time.Duration;
import java.util.Map;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.command.CommandSerializer;
import org.axonframework.axonserver.connector.query.QuerySerializer;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.GenericQueryResponseMessage;
import org.axonframework.queryhandling.QueryResponseMessage;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * What a rejected command or query looks like after crossing Axon Server: the handler's result is serialized the
 * way the Axon Server connector does it (its own {@link CommandSerializer}/{@link QuerySerializer}, with the
 * message serializer the services configure) and read back on the sender's side. No Axon Server is needed: the
 * gRPC messages built here are the ones it would relay unchanged.
 */
class RemoteErrorTransportTest {

    private final Serializer messageSerializer = new PlatformModule().messageSerializer();
    private final AxonServerConfiguration axonServer = new AxonServerConfiguration();

    @Test
    void aRejectedCommandKeepsCodeMessageAndMetadata() {
        MeetingException rejected = new MeetingException(ErrorCode.RATE_LIMIT_EXCEEDED,
                "Too many recording starts", Map.of("retryAfterMs", 41_000L, "limit", "3"));

        CommandResultMessage<?> received = overTheWire(GenericCommandResultMessage.asCommandResultMessage(rejected));

        assertThat(received.isExceptional()).isTrue();
        ErrorDetails details = MeetingException.detailsOf(received.exceptionResult()).orElseThrow();
        assertThat(details.code()).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED);
        assertThat(details.message()).isEqualTo("Too many recording starts");
        assertThat(details.metadata()).containsEntry("limit", "3");
        assertThat(((Number) details.metadata().get("retryAfterMs")).longValue()).isEqualTo(41_000L);
        assertThat(received.exceptionResult().getMessage()).contains("Too many recording starts");
    }

    @Test
    void aValidationErrorNamesItsField() {
        CommandResultMessage<?> received = overTheWire(GenericCommandResultMessage.asCommandResultMessage(
                MeetingException.validation("recordingConfig.mode", "Recording mode disabled is not allowed")));

        assertThat(MeetingException.detailsOf(received.exceptionResult())).hasValueSatisfying(details -> {
            assertThat(details.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(details.metadata()).containsExactlyEntriesOf(Map.of("field", "recordingConfig.mode"));
        });
    }

    @Test
    void onlyALostRaceIsRetriedNeverARuleThatSaidConflict() {
        ConcurrencyException lostRace = new ConcurrencyException("An event for aggregate [m1] at sequence [3] was already inserted");
        assertThat(MeetingException.isConcurrentChange(new IllegalStateException("wrapped", lostRace))).isTrue();
        assertThat(MeetingException.isConcurrentChange(new MeetingException(ErrorCode.CONFLICT, "A recording is in progress")))
                .isFalse();
        assertThat(MeetingException.isConcurrentChange(overTheWire(GenericCommandResultMessage.asCommandResultMessage(
                new MeetingException(ErrorCode.CONFLICT, "A recording is in progress"))).exceptionResult())).isFalse();
    }

    @Test
    void aRaceLostBehindAxonServerIsRetriedAndOtherwiseAConflictNotA500() {
        Throwable remote = overTheWire(GenericCommandResultMessage.asCommandResultMessage(
                MeetingException.concurrentChange())).exceptionResult();

        assertThat(MeetingException.isConcurrentChange(remote)).isTrue();
        ResponseEntity<ApiResponse<Void>> response = new ApiExceptionHandler(new UnavailableProperties(Duration.ofSeconds(5))).failure(remote, new MockHttpServletRequest());
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(((ApiResponse.ErrorData) response.getBody().errorData()).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(response.getBody().errorMessage()).isEqualTo("The meeting was changed concurrently; try again");
    }

    @Test
    void aRejectedQueryKeepsItsDetailsToo() {
        QuerySerializer queries = new QuerySerializer(messageSerializer, messageSerializer, axonServer);
        QueryResponseMessage<MeetingView> failed = new GenericQueryResponseMessage<>(MeetingView.class,
                MeetingException.notFound("Meeting"));

        QueryResponseMessage<MeetingView> received = queries.deserializeResponse(
                queries.serializeResponse(failed, "request-1"), ResponseTypes.instanceOf(MeetingView.class));

        assertThat(MeetingException.detailsOf(received.exceptionResult())).hasValueSatisfying(details -> {
            assertThat(details.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(details.message()).isEqualTo("Meeting not found");
        });
        // the query itself crosses with the same serializer
        GetMeeting query = new GetMeeting(MeetingId.generate(), new UserId("user_1"));
        assertThat(messageSerializer.deserialize(messageSerializer.serialize(query, byte[].class)).equals(query)).isTrue();
    }

    private CommandResultMessage<?> overTheWire(CommandResultMessage<?> result) {
        CommandSerializer commands = new CommandSerializer(messageSerializer, axonServer);
        return commands.deserialize(commands.serialize(result, "request-1"));
    }
}
