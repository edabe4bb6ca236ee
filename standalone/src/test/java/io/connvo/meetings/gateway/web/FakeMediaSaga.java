package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.RecordingLayout;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.command.ActivateRecording;
import io.connvo.meetings.api.command.FailRecording;
import io.connvo.meetings.api.command.ProvisionVideoRoom;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.RecordingStarted;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Stands in for the recording saga (another module) so the gateway's waits can be tested: provisions the
 * GetStream room of a started meeting, and answers a recording by its layout: {@code spotlight} fails,
 * {@code single-participant} activates, {@code grid} stays starting.
 */
@ProcessingGroup("fake-media")
class FakeMediaSaga {

    static final String FAILURE_REASON = "provider unavailable";

    private final CommandGateway commands;

    FakeMediaSaga(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(MeetingStarted event) {
        if (event.videoProvider() == VideoProvider.GETSTREAM) {
            commands.send(new ProvisionVideoRoom(event.meetingId(), "default:" + event.meetingId().value()));
        }
    }

    @EventHandler
    void on(RecordingStarted event) {
        if (event.config().layout() == RecordingLayout.SPOTLIGHT) {
            commands.send(new FailRecording(event.meetingId(), event.recordingId(), FAILURE_REASON));
        } else if (event.config().layout() == RecordingLayout.SINGLE_PARTICIPANT) {
            commands.send(new ActivateRecording(event.meetingId(), event.recordingId()));
        }
    }
}
