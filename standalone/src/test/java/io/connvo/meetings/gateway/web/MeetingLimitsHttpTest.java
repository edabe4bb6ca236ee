package io.connvo.meetings.gateway.web;

import static io.connvo.meetings.testsupport.TestHttp.failed;
import static io.connvo.meetings.testsupport.TestHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.ParticipantAdded;
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.api.event.RecordingStopRequested;
import io.connvo.meetings.api.event.VideoRoomProvisioned;
import io.connvo.meetings.testsupport.TestHttp.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A meeting's own maximum duration and the stopRecording rate limit, over HTTP. */
class MeetingLimitsHttpTest extends GatewayHttpTest {

    @Autowired
    EventStore events;

    @Test
    void aMeetingsOwnMaximumDurationIsWithinTheConfiguredOne() {
        String host = user();
        String token = free(host);
        long before = createdMeetings();

        ok(run(RUN + "lifecycle/createMeeting", token, args("{\"title\":\"Short\",\"maxDurationMinutes\":30}")));
        ok(run(RUN + "lifecycle/createMeeting", token, args("{\"title\":\"Longest\",\"maxDurationMinutes\":240}")));
        assertThat(failed(run(RUN + "lifecycle/createMeeting", token,
                args("{\"title\":\"Long\",\"maxDurationMinutes\":241}")), "VALIDATION_ERROR").field())
                .isEqualTo("maxDurationMinutes");
        for (String bad : List.of("0", "-5", "\"30\"", "30.5", "true")) {
            assertThat(failed(run(RUN + "lifecycle/createMeeting", token,
                    args("{\"title\":\"Bad\",\"maxDurationMinutes\":" + bad + "}")), "VALIDATION_ERROR").field())
                    .as(bad).isEqualTo("args.maxDurationMinutes");
        }
        assertThat(createdMeetings()).isEqualTo(before + 2);
    }

    /**
     * A history with five stops in the last minute (appended to the event store: the start limit lets at most four
     * stops into a minute) and a sixth recording in progress: the host's stop is refused until the oldest leaves.
     */
    @Test
    void aSixthRecordingStopInAMinuteIsRateLimited() {
        String host = user();
        MeetingId meetingId = MeetingId.generate();
        UserId hostId = new UserId(host);
        Instant t0 = Instant.now().minusSeconds(20);
        String room = "default:" + meetingId.value();
        List<Object> history = new ArrayList<>(List.of(
                new MeetingCreated(meetingId, hostId, "Stops", null, null, Tier.PAID, VideoProvider.GETSTREAM, 10, true,
                        t0, null),
                new ParticipantAdded(meetingId, hostId, ParticipantRole.HOST, hostId, t0),
                new MeetingStarted(meetingId, hostId, hostId, "Stops", Tier.PAID, VideoProvider.GETSTREAM, 10,
                        List.of(hostId), t0),
                new VideoRoomProvisioned(meetingId, room, t0)));
        for (int i = 1; i <= 6; i++) {
            RecordingId recording = new RecordingId("recording_" + meetingId.value() + "_" + i);
            Instant at = t0.plusSeconds(i);
            history.add(new RecordingStarted(meetingId, recording, hostId, RecordingConfig.defaults(), room, at));
            if (i < 6) {
                history.add(new RecordingStopRequested(meetingId, recording, hostId, at));
            }
        }
        List<EventMessage<?>> messages = new ArrayList<>();
        for (int sequence = 0; sequence < history.size(); sequence++) {
            messages.add(new GenericDomainEventMessage<>("Meeting", meetingId.value(), sequence, history.get(sequence)));
        }
        events.publish(messages);

        Reply limited = failed(run(RUN + "stream/index/stopRecording", paid(host), meeting(meetingId.value())),
                "RATE_LIMIT_EXCEEDED");
        assertThat(limited.json().get("errorMessage").asString()).isEqualTo("Too many recording stops; at most 5 per 60 seconds");
        long retryAfterMs = limited.json().at("/errorData/metadata/retryAfterMs").asLong();
        assertThat(retryAfterMs).isBetween(1L, 41_000L);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }
}
