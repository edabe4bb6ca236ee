package io.connvo.meetings.command;

import static io.connvo.meetings.command.AppliedWebhooks.apply;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.MeetingState;
import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.Presence;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.RecordingMode;
import io.connvo.meetings.api.RoomStatus;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.TranscriptionStatus;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.command.ActivateRecording;
import io.connvo.meetings.api.command.AddParticipant;
import io.connvo.meetings.api.command.AddParticipants;
import io.connvo.meetings.api.command.CancelMeeting;
import io.connvo.meetings.api.command.ConfirmCallSessionEnded;
import io.connvo.meetings.api.command.ConfirmParticipantJoined;
import io.connvo.meetings.api.command.ConfirmParticipantLeft;
import io.connvo.meetings.api.command.CreateMeeting;
import io.connvo.meetings.api.command.EndMeeting;
import io.connvo.meetings.api.command.FailTranscription;
import io.connvo.meetings.api.command.FailVideoRoomProvisioning;
import io.connvo.meetings.api.command.InitializeTranscription;
import io.connvo.meetings.api.command.JoinMeeting;
import io.connvo.meetings.api.command.LeaveMeeting;
import io.connvo.meetings.api.command.MarkTranscriptionReady;
import io.connvo.meetings.api.command.ProvisionVideoRoom;
import io.connvo.meetings.api.command.RemoveParticipant;
import io.connvo.meetings.api.command.StartMeeting;
import io.connvo.meetings.api.command.StartRecording;
import io.connvo.meetings.api.command.StopRecording;
import io.connvo.meetings.api.command.StopTranscription;
import io.connvo.meetings.api.command.UpdateParticipantRole;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.event.MeetingCancelled;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.ParticipantAdded;
import io.connvo.meetings.api.event.ParticipantJoined;
import io.connvo.meetings.api.event.ParticipantLeft;
import io.connvo.meetings.api.event.ParticipantRemoved;
import io.connvo.meetings.api.event.ParticipantRoleUpdated;
import io.connvo.meetings.api.event.TranscriptionFailed;
import io.connvo.meetings.api.event.TranscriptionInitialized;
import io.connvo.meetings.api.event.TranscriptionReady;
import io.connvo.meetings.api.event.TranscriptionStopped;
import io.connvo.meetings.api.event.VideoRoomProvisioned;
import io.connvo.meetings.api.event.VideoRoomProvisioningFailed;
import io.connvo.meetings.api.webhook.HandleGetStreamWebhook;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.FixedValueParameterResolver;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.spring.stereotype.Aggregate;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A meeting and its rules; its recordings are its member {@link Recordings}, which keep their own rules. Command
 * handlers validate and apply events; all state is derived in the {@link EventSourcingHandler}s only (the members'
 * too), so {@link #replay} rebuilds it from any event stream with exactly the same rules. Every handler returns the
 * aggregate version after handling.
 *
 * <p>Access: a caller who is not a participant gets the same NOT_FOUND as an unknown meeting; a participant
 * who is not the host gets INSUFFICIENT_PERMISSIONS for host-only commands.
 *
 * <p>Outcome commands (from the media saga and GetStream webhooks) never fail for duplicates, late arrivals
 * or concluded meetings: they are no-ops then. Outcomes that start something (room provisioned, transcription
 * initialized, recording activated) need an active meeting; outcomes that close something (stopped, failed,
 * ready) are also accepted after the meeting ended, because the saga stops what was running at the end.
 *
 * <p>startRecording before the GetStream room is provisioned is a CONFLICT ("Video room is not ready yet"):
 * the request is valid, the meeting is just not there yet, and a retry a moment later succeeds.
 */
@Aggregate
public class Meeting {

    static final int DEFAULT_MAX_PARTICIPANTS = 10;
    static final int GETSTREAM_CAP = 100;
    static final int WEBRTC_CAP = 4;
    static final Duration SCHEDULE_TOLERANCE = Duration.ofMinutes(1);

    /** Who acts when a guard fires, in the events and in their audit metadata. */
    public static final UserId GUARD = UserId.system("meeting-guard");
    static final String MAX_DURATION_GUARD = "guard-max-meeting-duration";
    static final String EMPTY_ROOM_GUARD = "guard-empty-room";
    static final String NO_SHOW_GUARD = "guard-no-show";

    @AggregateIdentifier
    private MeetingId meetingId;
    private UserId hostId;
    private String title;
    private Tier tier;
    private VideoProvider videoProvider;
    private int maxParticipants;
    private boolean recordingEnabled;
    /** The meeting's own maximum duration; null for the configured one. */
    private Duration maxDuration;
    private MeetingState state;
    private RoomStatus roomStatus;
    private String roomId;
    private TranscriptionStatus transcription;
    /** The transcription runs in the meeting's local session (a WebRTC meeting's), not at GetStream. */
    private boolean transcribingLocally;
    private final Map<UserId, Presence> participants = new LinkedHashMap<>();
    /** Everyone with the host's powers: the creator, who always stays, and the co-hosts. */
    private final Set<UserId> hosts = new HashSet<>();
    @AggregateMember
    private final Recordings recordings = new Recordings();
    /** Since when nobody is present in the active meeting; null while someone is. */
    private Instant emptySince;
    /** When each participant's presence last changed: a provider's report older than that is late. */
    private final Map<UserId, Instant> presenceChangedAt = new HashMap<>();
    @AggregateMember
    private final AppliedWebhooks appliedWebhooks = new AppliedWebhooks();

    protected Meeting() {
        // Axon creates the instance, then event sourcing fills it.
    }

    // ---- lifecycle -------------------------------------------------------------------------------------

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public Long handle(CreateMeeting command,
                       DeadlineManager deadlines, GuardSchedules schedules, GuardProperties guards) {
        Instant now = now();
        if (command.meetingId() == null) {
            throw MeetingException.validation("meetingId", "meetingId is required");
        }
        if (command.hostId() == null) {
            throw MeetingException.validation("hostId", "hostId is required");
        }
        String cleanTitle = command.title() == null ? "" : command.title().strip();
        if (cleanTitle.isEmpty()) {
            throw MeetingException.validation("title", "Title is required");
        }
        if (cleanTitle.length() > CreateMeeting.TITLE_MAX) {
            throw MeetingException.validation("title", "Title must be at most " + CreateMeeting.TITLE_MAX + " characters");
        }
        String description = command.description() == null || command.description().isBlank()
                ? null : command.description().strip();
        if (description != null && description.length() > CreateMeeting.DESCRIPTION_MAX) {
            throw MeetingException.validation("description",
                    "Description must be at most " + CreateMeeting.DESCRIPTION_MAX + " characters");
        }
        if (command.scheduledAt() != null && command.scheduledAt().isBefore(now.minus(SCHEDULE_TOLERANCE))) {
            throw MeetingException.validation("scheduledAt", "scheduledAt must not be in the past");
        }
        int requested = command.maxParticipants() == null ? DEFAULT_MAX_PARTICIPANTS : command.maxParticipants();
        if (requested < 1 || requested > CreateMeeting.MAX_PARTICIPANTS_LIMIT) {
            throw MeetingException.validation("maxParticipants",
                    "maxParticipants must be between 1 and " + CreateMeeting.MAX_PARTICIPANTS_LIMIT);
        }
        Duration ownMaxDuration = ownMaxDuration(command.maxDurationMinutes(), guards.maxMeetingDuration());
        Tier creatorTier = command.tier() == null ? Tier.FREE : command.tier();
        boolean getStream = creatorTier == Tier.PAID && (requested > WEBRTC_CAP || command.recordingRequested());
        apply(new MeetingCreated(command.meetingId(), command.hostId(), cleanTitle, description, command.scheduledAt(),
                creatorTier, getStream ? VideoProvider.GETSTREAM : VideoProvider.WEBRTC,
                Math.min(requested, getStream ? GETSTREAM_CAP : WEBRTC_CAP), getStream, now, ownMaxDuration));
        apply(new ParticipantAdded(command.meetingId(), command.hostId(), ParticipantRole.HOST, command.hostId(), now));
        Instant due = command.scheduledAt() == null ? now : command.scheduledAt();
        schedule(deadlines, schedules, due, guards.noShowGrace(), NO_SHOW_GUARD, new GuardDue(null, null));
        return AggregateLifecycle.getVersion();
    }

    /**
     * A meeting's own maximum duration, in whole minutes from 1 up to the configured maximum (when that guard is on);
     * null when the creator asks for none, so the configured one applies.
     */
    private static Duration ownMaxDuration(Integer minutes, Duration configured) {
        if (minutes == null) {
            return null;
        }
        if (minutes < 1) {
            throw MeetingException.validation("maxDurationMinutes", "maxDurationMinutes must be at least 1");
        }
        Duration own = Duration.ofMinutes(minutes);
        if (!configured.isZero() && !configured.isNegative() && own.compareTo(configured) > 0) {
            throw MeetingException.validation("maxDurationMinutes", "maxDurationMinutes must be at most "
                    + configured.toMinutes() + ", the maximum meeting duration");
        }
        return own;
    }

    @CommandHandler
    public Long handle(StartMeeting command,
                       DeadlineManager deadlines, GuardSchedules schedules, GuardProperties guards) {
        requireHost(command.requestedBy(), "start the meeting");
        if (state == MeetingState.ACTIVE) {
            throw stateError("Meeting is already active");
        }
        if (state != MeetingState.SCHEDULED) {
            throw stateError("Cannot start a concluded or cancelled meeting");
        }
        Instant now = now();
        apply(new MeetingStarted(meetingId, command.requestedBy(), hostId, title, tier, videoProvider, maxParticipants,
                List.copyOf(participants.keySet()), now));
        if (videoProvider == VideoProvider.WEBRTC) {
            openLocalTranscription(now);
        }
        schedule(deadlines, schedules, now, maxDuration != null ? maxDuration : guards.maxMeetingDuration(),
                MAX_DURATION_GUARD, new GuardDue(null, null));
        scheduleEmptyRoomGuard(deadlines, schedules, guards);
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public Long handle(EndMeeting command, DeadlineManager deadlines, GuardSchedules schedules) {
        requireHost(command.requestedBy(), "end the meeting");
        if (state == MeetingState.SCHEDULED) {
            throw stateError("Meeting has not started yet");
        }
        if (state != MeetingState.ACTIVE) {
            throw stateError("Meeting is already concluded or cancelled");
        }
        end(command.requestedBy(), now());
        cancelGuards(deadlines, schedules, null);
        return AggregateLifecycle.getVersion();
    }

    /** The local transcription session, opened with the meeting's start, closes with its end in the same unit of work. */
    private void end(UserId by, Instant at) {
        apply(new MeetingEnded(meetingId, by, videoProvider, recordings.inProgress().orElse(null),
                transcription == TranscriptionStatus.ACTIVE, at));
        if (transcription == TranscriptionStatus.ACTIVE && transcribingLocally) {
            apply(new TranscriptionStopped(meetingId, TranscriptionStopped.MEETING_ENDED, at));
        }
    }

    @CommandHandler
    public Long handle(CancelMeeting command, DeadlineManager deadlines, GuardSchedules schedules) {
        requireHost(command.requestedBy(), "cancel the meeting");
        if (state == MeetingState.ACTIVE) {
            throw stateError("Cannot cancel a meeting that has started");
        }
        if (state != MeetingState.SCHEDULED) {
            throw stateError("Meeting is already concluded or cancelled");
        }
        String reason = command.reason() == null || command.reason().isBlank() ? null : command.reason().strip();
        if (reason != null && reason.length() > CancelMeeting.REASON_MAX) {
            throw MeetingException.validation("reason", "Reason must be at most " + CancelMeeting.REASON_MAX + " characters");
        }
        apply(new MeetingCancelled(meetingId, command.requestedBy(), reason, now()));
        cancelGuards(deadlines, schedules, null);
        return AggregateLifecycle.getVersion();
    }

    // ---- participants ----------------------------------------------------------------------------------

    @CommandHandler
    public Long handle(AddParticipant command) {
        requireHost(command.requestedBy(), "add participants");
        if (command.userId() == null) {
            throw MeetingException.validation("userId", "userId is required");
        }
        requireNotOver("Cannot add participants to a concluded or cancelled meeting");
        requireNewParticipant(command.userId());
        apply(new ParticipantAdded(meetingId, command.userId(), ParticipantRole.PARTICIPANT, command.requestedBy(),
                now()));
        return AggregateLifecycle.getVersion();
    }

    /** All or nothing: every user is checked before the first is added. A list is at most the meeting's cap long. */
    @CommandHandler
    public Long handle(AddParticipants command) {
        requireHost(command.requestedBy(), "add participants");
        List<UserId> users = command.userIds() == null ? List.of() : command.userIds();
        if (users.isEmpty()) {
            throw MeetingException.validation("userIds", "userIds must name at least one user");
        }
        if (users.size() > maxParticipants) {
            throw MeetingException.validation("userIds",
                    "At most " + maxParticipants + " participants can be added to this meeting at once");
        }
        Set<UserId> seen = new HashSet<>();
        for (UserId user : users) {
            if (user == null) {
                throw MeetingException.validation("userIds", "userIds must not contain null");
            }
            if (!seen.add(user)) {
                throw MeetingException.validation("userIds", "userIds names " + user.value() + " twice");
            }
        }
        requireNotOver("Cannot add participants to a concluded or cancelled meeting");
        users.forEach(this::requireNewParticipant);
        Instant now = now();
        users.forEach(user -> apply(new ParticipantAdded(meetingId, user, ParticipantRole.PARTICIPANT,
                command.requestedBy(), now)));
        return AggregateLifecycle.getVersion();
    }

    /** A removed participant who is present leaves first; the creator is never removed. */
    @CommandHandler
    public Long handle(RemoveParticipant command,
                       DeadlineManager deadlines, GuardSchedules schedules, GuardProperties guards) {
        requireHost(command.requestedBy(), "remove participants");
        UserId user = requireOtherParticipant(command.userId());
        requireNotOver("Cannot change the participants of a concluded or cancelled meeting");
        requireNotCreator(user);
        Instant now = now();
        if (participants.get(user) == Presence.JOINED) {
            apply(new ParticipantLeft(meetingId, user, now));
            scheduleEmptyRoomGuard(deadlines, schedules, guards);
        }
        apply(new ParticipantRemoved(meetingId, user, command.requestedBy(), now));
        return AggregateLifecycle.getVersion();
    }

    /**
     * Co-hosts have the host's powers. The creator stays host, so a meeting never loses its last host.
     */
    @CommandHandler
    public Long handle(UpdateParticipantRole command) {
        requireHost(command.requestedBy(), "change roles");
        UserId user = requireOtherParticipant(command.userId());
        if (command.role() == null) {
            throw MeetingException.validation("role", "role is required");
        }
        requireNotOver("Cannot change the participants of a concluded or cancelled meeting");
        if (command.role() != ParticipantRole.HOST) {
            requireNotCreator(user);
        }
        if (hosts.contains(user) != (command.role() == ParticipantRole.HOST)) {
            apply(new ParticipantRoleUpdated(meetingId, user, command.role(), command.requestedBy(), now()));
        }
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public Long handle(JoinMeeting command) {
        requireParticipant(command.userId());
        if (state == MeetingState.SCHEDULED) {
            throw stateError("Meeting has not started yet");
        }
        if (state != MeetingState.ACTIVE) {
            throw stateError("Meeting is concluded or cancelled");
        }
        if (participants.get(command.userId()) == Presence.JOINED) {
            return AggregateLifecycle.getVersion();
        }
        long joined = participants.values().stream().filter(p -> p == Presence.JOINED).count();
        if (joined >= maxParticipants) {
            throw new MeetingException(ErrorCode.CONFLICT, "Meeting is full", Map.of("maxParticipants", maxParticipants));
        }
        apply(new ParticipantJoined(meetingId, command.userId(), now()));
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public Long handle(LeaveMeeting command,
                       DeadlineManager deadlines, GuardSchedules schedules, GuardProperties guards) {
        requireParticipant(command.userId());
        if (participants.get(command.userId()) == Presence.JOINED) {
            apply(new ParticipantLeft(meetingId, command.userId(), now()));
            scheduleEmptyRoomGuard(deadlines, schedules, guards);
        }
        return AggregateLifecycle.getVersion();
    }

    // ---- presence reported by the provider: ordered by the provider's own time, per participant -----------

    /**
     * Someone the provider saw join the call. Unlike {@link JoinMeeting} it is no request: the person is in the call,
     * so the cap is not enforced. A report older than the participant's last presence change is late and changes
     * nothing; a newer one is recorded even when the participant is already joined, so that a later-arriving
     * "left" from before it cannot undo it.
     */
    @CommandHandler
    public Long handle(ConfirmParticipantJoined command) {
        requireReportedParticipant(command.userId());
        if (state == MeetingState.ACTIVE && newerPresence(command.userId(), command.joinedAt())) {
            apply(new ParticipantJoined(meetingId, command.userId(), command.joinedAt()));
        }
        return AggregateLifecycle.getVersion();
    }

    /** Someone the provider saw leave; recorded also when we never saw them join, so that a late "joined" stays late. */
    @CommandHandler
    public Long handle(ConfirmParticipantLeft command,
                       DeadlineManager deadlines, GuardSchedules schedules, GuardProperties guards) {
        requireReportedParticipant(command.userId());
        boolean present = participants.get(command.userId()) == Presence.JOINED;
        if ((state == MeetingState.ACTIVE || present) && newerPresence(command.userId(), command.leftAt())) {
            apply(new ParticipantLeft(meetingId, command.userId(), command.leftAt()));
            scheduleEmptyRoomGuard(deadlines, schedules, guards);
        }
        return AggregateLifecycle.getVersion();
    }

    /** The provider's call session ended: everyone present whose last change is older leaves at its end. */
    @CommandHandler
    public Long handle(ConfirmCallSessionEnded command,
                       DeadlineManager deadlines, GuardSchedules schedules, GuardProperties guards) {
        List<UserId> present = participants.entrySet().stream()
                .filter(entry -> entry.getValue() == Presence.JOINED)
                .map(Map.Entry::getKey)
                .filter(user -> newerPresence(user, command.endedAt()))
                .toList();
        present.forEach(user -> apply(new ParticipantLeft(meetingId, user, command.endedAt())));
        if (!present.isEmpty()) {
            scheduleEmptyRoomGuard(deadlines, schedules, guards);
        }
        return AggregateLifecycle.getVersion();
    }

    /** A user the provider saw who is not (or no longer) a participant: NOT_FOUND, which the webhook logs and drops. */
    private void requireReportedParticipant(UserId user) {
        if (user == null || !participants.containsKey(user)) {
            throw MeetingException.notFound("Participant");
        }
    }

    private boolean newerPresence(UserId user, Instant at) {
        if (at == null) {
            throw MeetingException.validation("at", "the provider's event time is required");
        }
        Instant last = presenceChangedAt.get(user);
        return last == null || at.isAfter(last);
    }

    // ---- recording: who may, and whether the meeting allows it; the rest is the recordings' own (Recordings) ---

    @CommandHandler
    public Long handle(StartRecording command, DeadlineManager deadlines, GuardProperties guards) {
        Instant now = now();
        requireHost(command.requestedBy(), "start a recording");
        RecordingConfig config = command.config() == null ? RecordingConfig.defaults() : command.config();
        if (config.mode() == RecordingMode.DISABLED) {
            throw MeetingException.validation("recordingConfig.mode", "Recording mode 'disabled' cannot be started");
        }
        if (command.recordingId() == null) {
            throw MeetingException.validation("recordingId", "recordingId is required");
        }
        if (videoProvider != VideoProvider.GETSTREAM) {
            throw stateError("Recording not available for WebRTC meetings (free tier)");
        }
        if (state != MeetingState.ACTIVE) {
            throw stateError("Meeting is not active");
        }
        if (roomStatus != RoomStatus.PROVISIONED) {
            throw new MeetingException(ErrorCode.CONFLICT, "Video room is not ready yet");
        }
        recordings.start(meetingId, command.recordingId(), command.requestedBy(), config, roomId, now, deadlines, guards);
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public Long handle(StopRecording command) {
        Instant now = now();
        requireHost(command.requestedBy(), "stop a recording");
        recordings.stop(command.requestedBy(), now);
        return AggregateLifecycle.getVersion();
    }

    /** The provider records: an outcome, a no-op unless the meeting is still active and the recording starting. */
    @CommandHandler
    public Long handle(ActivateRecording command, DeadlineManager deadlines, GuardProperties guards) {
        if (state == MeetingState.ACTIVE) {
            recordings.activate(command.recordingId(), now(), deadlines, guards);
        }
        return AggregateLifecycle.getVersion();
    }

    // ---- outcomes: idempotent, never fail for late or duplicate arrivals ---------------------------------

    @CommandHandler
    public Long handle(ProvisionVideoRoom command) {
        if (command.roomId() == null || command.roomId().isBlank()) {
            throw MeetingException.validation("roomId", "roomId is required");
        }
        if (roomPending()) {
            apply(new VideoRoomProvisioned(meetingId, command.roomId(), now()));
        }
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public Long handle(FailVideoRoomProvisioning command) {
        if (roomPending()) {
            Instant now = now();
            apply(new VideoRoomProvisioningFailed(meetingId, command.reason(), command.attempts(), VideoProvider.WEBRTC,
                    meetingId.webRtcRoomId(), Math.min(maxParticipants, WEBRTC_CAP), now));
            openLocalTranscription(now);
        }
        return AggregateLifecycle.getVersion();
    }

    /**
     * WebRTC media never reaches GetStream, so a WebRTC meeting transcribes locally, in a session named after the
     * meeting: opened in the same unit of work as the start (or the fallback), with no round trip through the saga.
     */
    private void openLocalTranscription(Instant now) {
        if (transcriptionMayStart()) {
            apply(new TranscriptionInitialized(meetingId, TranscriptionInitialized.LOCAL_PROVIDER,
                    "whisper_" + meetingId.value(), now));
        }
    }

    @CommandHandler
    public Long handle(InitializeTranscription command) {
        if (transcriptionMayStart()) {
            apply(new TranscriptionInitialized(meetingId, command.provider(), command.sessionId(), now()));
        }
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public Long handle(FailTranscription command) {
        boolean neverStarted = transcription == TranscriptionStatus.NONE && state == MeetingState.ACTIVE;
        if (transcription == TranscriptionStatus.ACTIVE || neverStarted) {
            apply(new TranscriptionFailed(meetingId, command.reason(), now()));
        }
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public Long handle(StopTranscription command) {
        if (transcription == TranscriptionStatus.ACTIVE) {
            apply(new TranscriptionStopped(meetingId, command.reason(), now()));
        }
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public Long handle(MarkTranscriptionReady command) {
        if (transcription == TranscriptionStatus.ACTIVE || transcription == TranscriptionStatus.STOPPED) {
            apply(new TranscriptionReady(meetingId, command.url(), now()));
        }
        return AggregateLifecycle.getVersion();
    }

    // ---- webhooks: each applied at most once ----------------------------------------------------------------

    /**
     * A command sent for a GetStream webhook names it ({@link HandleGetStreamWebhook#WEBHOOK_ID}); one whose webhook
     * this meeting already applied is a redelivery (the gateway records a delivery only after it was handled, so a
     * crash in between lets GetStream deliver it again) and changes nothing.
     */
    @CommandHandlerInterceptor
    public Object applyEachWebhookOnce(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        Object webhookId = command.getMetaData().get(HandleGetStreamWebhook.WEBHOOK_ID);
        if (webhookId != null && appliedWebhooks.contains(webhookId.toString())) {
            return AggregateLifecycle.getVersion();
        }
        return chain.proceed();
    }

    // ---- guards: persistent deadlines; one whose reason has passed changes nothing --------------------------

    // A guard's events carry the instant it was due (the deadline message's timestamp), also when it fires late.

    @DeadlineHandler(deadlineName = NO_SHOW_GUARD)
    void noShow(GuardDue due, @Timestamp Instant at, DeadlineManager deadlines, GuardSchedules schedules) {
        if (state == MeetingState.SCHEDULED) {
            apply(new MeetingCancelled(meetingId, GUARD, "Not started in time: cancelled as a no-show", at));
            cancelGuards(deadlines, schedules, NO_SHOW_GUARD);
        }
    }

    @DeadlineHandler(deadlineName = MAX_DURATION_GUARD)
    void maximumDurationReached(GuardDue due, @Timestamp Instant at, DeadlineManager deadlines,
                                GuardSchedules schedules) {
        if (state == MeetingState.ACTIVE) {
            end(GUARD, at);
            cancelGuards(deadlines, schedules, MAX_DURATION_GUARD);
        }
    }

    @DeadlineHandler(deadlineName = EMPTY_ROOM_GUARD)
    void roomStayedEmpty(GuardDue due, @Timestamp Instant at, DeadlineManager deadlines, GuardSchedules schedules) {
        if (state == MeetingState.ACTIVE && due.since().equals(emptySince)) {
            end(GUARD, at);
            cancelGuards(deadlines, schedules, EMPTY_ROOM_GUARD);
        }
    }

    /** While the active meeting is empty: ends it unless someone comes back within the timeout. */
    private void scheduleEmptyRoomGuard(DeadlineManager deadlines, GuardSchedules schedules, GuardProperties guards) {
        if (state == MeetingState.ACTIVE && emptySince != null) {
            schedule(deadlines, schedules, emptySince, guards.emptyRoomTimeout(), EMPTY_ROOM_GUARD, new GuardDue(null, emptySince));
        }
    }

    /** Schedules one of the meeting's own guards (see {@link GuardDue#schedule}) and keeps its id for cancelling. */
    private void schedule(DeadlineManager deadlines, GuardSchedules schedules, Instant from, Duration limit,
                          String guard, GuardDue due) {
        String scheduleId = due.schedule(deadlines, guard, from, limit);
        if (scheduleId != null) {
            schedules.add(meetingId, guard, scheduleId);
        }
    }

    /**
     * A meeting that is over needs none of its own guards: they are cancelled by id, except the one firing now
     * ({@code firing}, null for none), which its deadline manager completes itself.
     */
    private void cancelGuards(DeadlineManager deadlines, GuardSchedules schedules, String firing) {
        schedules.removeAll(meetingId).stream()
                .filter(scheduled -> !scheduled.guard().equals(firing))
                .forEach(scheduled -> deadlines.cancelSchedule(scheduled.guard(), scheduled.scheduleId()));
    }

    // ---- state: changed only here ------------------------------------------------------------------------

    @EventSourcingHandler
    void on(MeetingCreated event) {
        meetingId = event.meetingId();
        hostId = event.hostId();
        title = event.title();
        tier = event.tier();
        videoProvider = event.videoProvider();
        maxParticipants = event.maxParticipants();
        recordingEnabled = event.recordingEnabled();
        maxDuration = event.maxDuration();
        state = MeetingState.SCHEDULED;
        roomStatus = RoomStatus.atCreation(videoProvider);
        transcription = TranscriptionStatus.NONE;
    }

    @EventSourcingHandler
    void on(ParticipantAdded event) {
        participants.put(event.userId(), Presence.INVITED);
        if (event.role() == ParticipantRole.HOST) {
            hosts.add(event.userId());
        }
    }

    @EventSourcingHandler
    void on(ParticipantRemoved event) {
        participants.remove(event.userId());
        hosts.remove(event.userId());
        presenceChangedAt.remove(event.userId());
    }

    @EventSourcingHandler
    void on(ParticipantRoleUpdated event) {
        if (event.role() == ParticipantRole.HOST) {
            hosts.add(event.userId());
        } else {
            hosts.remove(event.userId());
        }
    }

    @EventSourcingHandler
    void on(ParticipantJoined event) {
        participants.put(event.userId(), Presence.JOINED);
        presenceChangedAt.put(event.userId(), event.joinedAt());
        emptySince = null;
    }

    @EventSourcingHandler
    void on(ParticipantLeft event) {
        participants.put(event.userId(), Presence.LEFT);
        presenceChangedAt.put(event.userId(), event.leftAt());
        if (!participants.containsValue(Presence.JOINED)) {
            emptySince = event.leftAt();
        }
    }

    @EventSourcingHandler
    void on(MeetingStarted event) {
        state = MeetingState.ACTIVE;
        emptySince = event.startedAt();
    }

    @EventSourcingHandler
    void on(MeetingEnded event) {
        state = MeetingState.CONCLUDED;
    }

    @EventSourcingHandler
    void on(MeetingCancelled event) {
        state = MeetingState.CANCELLED;
    }

    @EventSourcingHandler
    void on(VideoRoomProvisioned event) {
        roomStatus = RoomStatus.PROVISIONED;
        roomId = event.roomId();
    }

    @EventSourcingHandler
    void on(VideoRoomProvisioningFailed event) {
        roomStatus = RoomStatus.FALLBACK;
        roomId = event.fallbackRoomId();
        videoProvider = event.fallbackProvider();
        maxParticipants = event.maxParticipants();
        recordingEnabled = false;
    }

    @EventSourcingHandler
    void on(TranscriptionInitialized event) {
        transcription = TranscriptionStatus.ACTIVE;
        transcribingLocally = TranscriptionInitialized.LOCAL_PROVIDER.equals(event.provider());
    }

    @EventSourcingHandler
    void on(TranscriptionFailed event) {
        transcription = TranscriptionStatus.FAILED;
    }

    @EventSourcingHandler
    void on(TranscriptionStopped event) {
        transcription = TranscriptionStatus.STOPPED;
    }

    @EventSourcingHandler
    void on(TranscriptionReady event) {
        transcription = TranscriptionStatus.READY;
    }

    // ---- replay for audit --------------------------------------------------------------------------------

    /**
     * The state a meeting's events produce, derived by this aggregate's own event sourcing handlers (no second
     * copy of the rules). Pass a prefix of the stream to get the state as of an earlier point; read the stream
     * with {@code readEvents(id, 0)} so it does not start at a snapshot.
     */
    static ReplayedState replay(DomainEventStream events) {
        AggregateModel<Meeting> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(Meeting.class,
                MultiParameterResolverFactory.ordered(ClasspathParameterResolverFactory.forClass(Meeting.class),
                        Meeting::commandResourcesUnusedInReplay));
        EventSourcedAggregate<Meeting> aggregate = EventSourcedAggregate.initialize(new Meeting(), model, null,
                NoSnapshotTriggerDefinition.INSTANCE.prepareTrigger(Meeting.class));
        aggregate.initializeState(events);
        return aggregate.invoke(meeting -> meeting.replayedState(aggregate.version()));
    }

    /**
     * Inspecting the aggregate resolves every handler's parameters, the command handlers' too; replay calls only the
     * event sourcing handlers, so the command handlers' resources (Spring beans outside replay) may stay empty.
     */
    private static ParameterResolver<?> commandResourcesUnusedInReplay(Executable executable, Parameter[] parameters,
                                                                       int index) {
        Class<?> type = parameters[index].getType();
        return type == DeadlineManager.class || type == GuardProperties.class || type == GuardSchedules.class
                ? new FixedValueParameterResolver<>(null) : null;
    }

    private ReplayedState replayedState(Long version) {
        return new ReplayedState(version, meetingId, hostId, title, tier, videoProvider, maxParticipants,
                recordingEnabled, state, roomStatus, roomId, transcription, Map.copyOf(participants),
                recordings.statuses());
    }

    /** A read-only copy of a meeting's state as rebuilt by {@link #replay}; {@code version} is the last sequence applied. */
    record ReplayedState(Long version, MeetingId meetingId, UserId hostId, String title, Tier tier,
                         VideoProvider videoProvider, int maxParticipants, boolean recordingEnabled,
                         MeetingState state, RoomStatus roomStatus, String roomId,
                         TranscriptionStatus transcription, Map<UserId, Presence> participants,
                         Map<RecordingId, RecordingStatus> recordings) {
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    private void requireParticipant(UserId user) {
        if (user == null || !participants.containsKey(user)) {
            throw MeetingException.notFound("Meeting");
        }
    }

    private void requireHost(UserId user, String action) {
        requireParticipant(user);
        if (!hosts.contains(user)) {
            throw new MeetingException(ErrorCode.INSUFFICIENT_PERMISSIONS, "Only the host can " + action);
        }
    }

    /** The participant a host acts on: NOT_FOUND names the participant, the caller already knows the meeting. */
    private UserId requireOtherParticipant(UserId user) {
        if (user == null) {
            throw MeetingException.validation("userId", "userId is required");
        }
        if (!participants.containsKey(user)) {
            throw MeetingException.notFound("Participant");
        }
        return user;
    }

    private void requireNewParticipant(UserId user) {
        if (participants.containsKey(user)) {
            throw new MeetingException(ErrorCode.CONFLICT, "User is already a participant",
                    Map.of("userId", user.value()));
        }
    }

    private void requireNotCreator(UserId user) {
        if (hostId.equals(user)) {
            throw MeetingException.validation("userId", "The meeting's creator stays its host");
        }
    }

    private void requireNotOver(String message) {
        if (isOver()) {
            throw stateError(message);
        }
    }

    static MeetingException stateError(String message) {
        return new MeetingException(ErrorCode.VALIDATION_ERROR, message);
    }

    private boolean isOver() {
        return state == MeetingState.CONCLUDED || state == MeetingState.CANCELLED;
    }

    private boolean transcriptionMayStart() {
        return state == MeetingState.ACTIVE
                && (transcription == TranscriptionStatus.NONE || transcription == TranscriptionStatus.FAILED);
    }

    private boolean roomPending() {
        return state == MeetingState.ACTIVE && videoProvider == VideoProvider.GETSTREAM
                && roomStatus == RoomStatus.PENDING;
    }
}
