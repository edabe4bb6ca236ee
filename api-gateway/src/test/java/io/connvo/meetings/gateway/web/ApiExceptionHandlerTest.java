package io.connvo.meetings.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.axoniq.axonserver.connector.ErrorCategory;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.axonserver.connector.command.AxonServerCommandDispatchException;
import org.axonframework.axonserver.connector.query.AxonServerQueryDispatchException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** Failures that the HTTP tests cannot provoke on demand. */
class ApiExceptionHandlerTest {

    private final ApiExceptionHandler handler = new ApiExceptionHandler(new UnavailableProperties(Duration.ofSeconds(5)));

    @Test
    void unexpectedFaultIsAGenericInternalError() {
        ResponseEntity<ApiResponse<Void>> response = handler.failure(
                new IllegalStateException("connection to jdbc:h2:secret refused"), new MockHttpServletRequest());

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        ApiResponse.ErrorData data = (ApiResponse.ErrorData) response.getBody().errorData();
        assertThat(data.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(data.statusCode()).isEqualTo(500);
        assertThat(response.getBody().errorMessage()).isEqualTo("An unexpected error occurred")
                .doesNotContain("IllegalState", "jdbc");
        assertThat(data.metadata()).containsOnlyKeys("correlationId");
    }

    @Test
    void remoteRuleViolationKeepsItsDetails() {
        ErrorDetails details = new ErrorDetails(ErrorCode.RATE_LIMIT_EXCEEDED, "Too many recordings",
                Map.of("retryAfterMs", 1500));
        ResponseEntity<ApiResponse<Void>> response = handler.failure(
                new CommandExecutionException("remote", null, details), new MockHttpServletRequest());

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("2");
        assertThat(((ApiResponse.ErrorData) response.getBody().errorData()).metadata()).containsEntry("retryAfterMs", 1500);
    }

    @Test
    void axonFailuresMapToTheirCodes() {
        assertThat(code(new AggregateNotFoundException("meeting_x", "no events"))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(new ConcurrencyException("sequence taken"))).isEqualTo(ErrorCode.CONFLICT);
        assertThat(code(new RuntimeException(new TimeoutException()))).isEqualTo(ErrorCode.EXTERNAL_SERVICE_TIMEOUT);
    }

    @Test
    void anUndeliveredMessageIsServiceUnavailableAndAHandlersOwnFailureIsNot() {
        for (Throwable undelivered : new Throwable[] {
                new NoHandlerForCommandException("No handler for CreateMeeting"),
                new NoHandlerForQueryException("No handler for GetMeeting"),
                new CompletionException(new AxonServerCommandDispatchException("AXONIQ-4003", "UNAVAILABLE", null)),
                new AxonServerQueryDispatchException("AXONIQ-5002", "UNAVAILABLE"),
                new AxonServerException("AXONIQ-3001", "connection failed"),
                new CompletionException(new io.axoniq.axonserver.connector.AxonServerException(
                        ErrorCategory.COMMAND_DISPATCH_ERROR, "UNAVAILABLE", "client"))}) {
            ResponseEntity<ApiResponse<Void>> response = handler.failure(undelivered, new MockHttpServletRequest());
            assertThat(response.getStatusCode()).as(undelivered.toString()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            ApiResponse.ErrorData data = (ApiResponse.ErrorData) response.getBody().errorData();
            assertThat(data.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
            assertThat(data.statusCode()).isEqualTo(503);
        }
        // delivered, and the handler failed: not a reason to send it again
        assertThat(code(new AxonServerException("AXONIQ-4002", "handler threw"))).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(code(new AxonServerCommandDispatchException("AXONIQ-4002", "handler threw", null)))
                .isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void retryAfterRoundsUpToWholeSeconds() {
        assertThat(ApiResponse.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(ApiResponse.retryAfterSeconds(1000)).isEqualTo(1);
        assertThat(ApiResponse.retryAfterSeconds(1001)).isEqualTo(2);
        assertThat(ApiResponse.retryAfterSeconds(0)).isEqualTo(1);
    }

    private ErrorCode code(Throwable failure) {
        return ((ApiResponse.ErrorData) handler.failure(failure, new MockHttpServletRequest()).getBody().errorData()).code();
    }
}
