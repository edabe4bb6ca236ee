package io.connvo.meetings.command;

import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.command.CreateMeeting;
import io.connvo.meetings.api.command.JoinMeeting;
import io.connvo.meetings.api.command.StartMeeting;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.error.MeetingException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.connvo.meetings.command.MeetingFixtures.HOST;
import static io.connvo.meetings.command.MeetingFixtures.ID;
import static io.connvo.meetings.command.MeetingFixtures.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The interceptor as {@link CommandModule} registers it, on a real Axon configuration (command bus, event
 * sourcing repository, in-memory store): an unknown meeting and a stranger get the same NOT_FOUND details.
 */
class MeetingNotFoundTranslationTest {

    private static Configuration axon;
    private static CommandGateway gateway;

    @BeforeAll
    static void start() {
        // false: no Axon Server connector from the classpath; this test runs the local command bus.
        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(Meeting.class)
                .registerComponent(GuardProperties.class, c -> GuardProperties.off());
        new CommandModule().meetingNotFoundTranslationModule().configureModule(configurer);
        axon = configurer.start();
        gateway = axon.commandGateway();
    }

    @AfterAll
    static void stop() {
        axon.shutdown();
    }

    private static ErrorDetails rejection(Object command) {
        Throwable failure = catchThrowable(() -> gateway.sendAndWait(command));
        assertThat(failure).isNotNull();
        return MeetingException.detailsOf(failure).orElseThrow(() -> new AssertionError("no details", failure));
    }

    @Test
    void unknownMeetingAndStrangerGetTheSameNotFound() {
        ErrorDetails expected = new ErrorDetails(ErrorCode.NOT_FOUND, "Meeting not found", Map.of());
        assertThat(rejection(new StartMeeting(ID, HOST))).isEqualTo(expected);

        Object version = gateway.sendAndWait(new CreateMeeting(ID, HOST, "Standup", null, null, null, false, Tier.FREE, null));
        assertThat(version).isEqualTo(1L);
        assertThat(rejection(new JoinMeeting(ID, STRANGER))).isEqualTo(expected);
    }

    @Test
    void theInterceptorLeavesOtherFailuresAlone() {
        MeetingNotFoundTranslation translation = new MeetingNotFoundTranslation();
        IllegalStateException other = new IllegalStateException("boom");
        Throwable failure = catchThrowable(() -> translation.handle(null, () -> {
            throw other;
        }));
        assertThat(failure).isSameAs(other);
    }
}
