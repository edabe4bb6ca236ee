package io.connvo.meetings.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.command.StartMeeting;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.gateway.security.Caller;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

/** The bounds on commands: a command that never completes is a timeout, not a hanging request. */
class MeetingCommandsTest {

    private final CommandGateway commandGateway = mock(CommandGateway.class);
    private final MeetingCommands commands = new MeetingCommands(commandGateway,
            new GatewayProperties(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofSeconds(2),
                    Duration.ofSeconds(5), DataSize.ofKilobytes(64)));
    private final Caller caller = new Caller(new UserId("user_1"), Tier.FREE, Set.of(), Set.of());
    private final StartMeeting command = new StartMeeting(new MeetingId("meeting_1"), new UserId("user_1"));

    @Test
    void returnsTheAggregateVersion() {
        when(commandGateway.send(any(), any(MetaData.class))).thenReturn(CompletableFuture.completedFuture(7L));
        assertThat(commands.send(command, new MockHttpServletRequest(), caller)).isEqualTo(7L);
    }

    @Test
    void aCommandThatDoesNotCompleteInTimeIsAnExternalServiceTimeout() {
        when(commandGateway.send(any(), any(MetaData.class))).thenReturn(new CompletableFuture<>());
        assertThatThrownBy(() -> commands.send(command, new MockHttpServletRequest(), caller))
                .isInstanceOfSatisfying(MeetingException.class, e -> {
                    assertThat(e.details().code()).isEqualTo(ErrorCode.EXTERNAL_SERVICE_TIMEOUT);
                    assertThat(e.details().message()).contains("outcome is unknown");
                });
    }

    @Test
    void aRejectionReachesTheCallerAsItIs() {
        when(commandGateway.send(any(), any(MetaData.class)))
                .thenReturn(CompletableFuture.failedFuture(MeetingException.notFound("Meeting")));
        assertThatThrownBy(() -> commands.send(command, new MockHttpServletRequest(), caller))
                .isInstanceOfSatisfying(MeetingException.class,
                        e -> assertThat(e.details().code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
