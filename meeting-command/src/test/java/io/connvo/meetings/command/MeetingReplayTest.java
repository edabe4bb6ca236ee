package io.connvo.meetings.command;

import io.connvo.meetings.api.MeetingState;
import io.connvo.meetings.api.Presence;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.RoomStatus;
import io.connvo.meetings.api.TranscriptionStatus;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.ParticipantJoined;
import io.connvo.meetings.api.event.RecordingActivated;
import io.connvo.meetings.api.event.TranscriptionInitialized;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.connvo.meetings.command.MeetingFixtures.GUEST;
import static io.connvo.meetings.command.MeetingFixtures.HOST;
import static io.connvo.meetings.command.MeetingFixtures.ID;
import static io.connvo.meetings.command.MeetingFixtures.REC1;
import static io.connvo.meetings.command.MeetingFixtures.ROOM;
import static io.connvo.meetings.command.MeetingFixtures.T0;
import static io.connvo.meetings.command.MeetingFixtures.recordable;
import static io.connvo.meetings.command.MeetingFixtures.recordingStarted;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link Meeting#replay} rebuilds state with the aggregate's own event sourcing handlers, also for a prefix. */
class MeetingReplayTest {

    private static List<DomainEventMessage<?>> stream(List<Object> payloads) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            messages.add(new GenericDomainEventMessage<>("Meeting", ID.value(), i, payloads.get(i)));
        }
        return messages;
    }

    private static final List<DomainEventMessage<?>> EVENTS;

    static {
        List<Object> payloads = new ArrayList<>(recordable());
        payloads.add(new ParticipantJoined(ID, GUEST, T0));
        payloads.add(new TranscriptionInitialized(ID, "getstream", "s1", T0));
        payloads.add(recordingStarted(REC1, T0));
        payloads.add(new RecordingActivated(ID, REC1, T0));
        payloads.add(new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, REC1, true, T0));
        EVENTS = stream(payloads);
    }

    @Test
    void fullStreamGivesTheConcludedMeeting() {
        Meeting.ReplayedState state = Meeting.replay(DomainEventStream.of(EVENTS));

        assertThat(state.version()).isEqualTo(9L);
        assertThat(state.state()).isEqualTo(MeetingState.CONCLUDED);
        assertThat(state.hostId()).isEqualTo(HOST);
        assertThat(state.videoProvider()).isEqualTo(VideoProvider.GETSTREAM);
        assertThat(state.roomStatus()).isEqualTo(RoomStatus.PROVISIONED);
        assertThat(state.roomId()).isEqualTo(ROOM);
        assertThat(state.transcription()).isEqualTo(TranscriptionStatus.ACTIVE);
        assertThat(state.participants()).isEqualTo(Map.of(HOST, Presence.INVITED, GUEST, Presence.JOINED));
        assertThat(state.recordings()).isEqualTo(Map.of(REC1, RecordingStatus.STOPPING));
    }

    @Test
    void prefixGivesTheStateAsOfThatEvent() {
        Meeting.ReplayedState state = Meeting.replay(DomainEventStream.of(EVENTS.subList(0, 4)));

        assertThat(state.version()).isEqualTo(3L);
        assertThat(state.state()).isEqualTo(MeetingState.ACTIVE);
        assertThat(state.roomStatus()).isEqualTo(RoomStatus.PENDING);
        assertThat(state.participants()).isEqualTo(Map.of(HOST, Presence.INVITED, GUEST, Presence.INVITED));
        assertThat(state.recordings()).isEmpty();
    }

    /** As the meeting view shows it: both read the same rule, {@link RoomStatus#atCreation}. */
    @Test
    void aGetStreamMeetingsRoomIsPendingFromItsCreationAWebRtcMeetingHasNone() {
        assertThat(Meeting.replay(DomainEventStream.of(EVENTS.subList(0, 3))).roomStatus())
                .isEqualTo(RoomStatus.PENDING);
        assertThat(Meeting.replay(DomainEventStream.of(stream(List.of(MeetingFixtures.freeCreated())))).roomStatus())
                .isEqualTo(RoomStatus.NONE);
    }
}
