package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.MeetingState;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.command.AddParticipant;
import io.connvo.meetings.api.command.AddParticipants;
import io.connvo.meetings.api.command.CancelMeeting;
import io.connvo.meetings.api.command.CreateMeeting;
import io.connvo.meetings.api.command.EndMeeting;
import io.connvo.meetings.api.command.JoinMeeting;
import io.connvo.meetings.api.command.LeaveMeeting;
import io.connvo.meetings.api.command.RemoveParticipant;
import io.connvo.meetings.api.command.StartMeeting;
import io.connvo.meetings.api.command.StartRecording;
import io.connvo.meetings.api.command.StopRecording;
import io.connvo.meetings.api.command.UpdateParticipantRole;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.query.GetMeeting;
import io.connvo.meetings.api.query.GetRecording;
import io.connvo.meetings.api.query.ListRecordings;
import io.connvo.meetings.api.query.ListUserMeetings;
import io.connvo.meetings.api.query.MeetingView;
import io.connvo.meetings.api.query.RecordingList;
import io.connvo.meetings.api.query.RecordingView;
import io.connvo.meetings.api.query.UserMeetingPage;
import io.connvo.meetings.gateway.idempotency.IdempotencyFilter;
import io.connvo.meetings.gateway.idempotency.IdempotentCommand;
import io.connvo.meetings.gateway.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The meeting routes, {@code POST /api/run/<module path>/<function>} with {@code {"args": {...}}} as in the
 * original product. Bodies are validated before anything is sent; every command carries the caller as
 * {@code actor}, and its response waits (bounded) until the meeting view shows its effect, so a following
 * getMeeting by the same client sees it. Routes that change something are {@link IdempotentCommand}s: a repeat
 * with the same {@code Idempotency-Key} gets the first answer.
 */
@RestController
@RequestMapping(path = "/api/run/meetings", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Meetings")
@SecurityRequirement(name = OpenApiConfiguration.BEARER)
@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", useReturnTypeSchema = true,
        description = "The operation succeeded; its result is in value")
@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "400", description = "Failed operation",
        content = @Content(schema = @Schema(implementation = ApiResponse.class)))
@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "401", description = "Missing or invalid token",
        content = @Content(schema = @Schema(implementation = ApiResponse.class)))
@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "500", description = "Internal error",
        content = @Content(schema = @Schema(implementation = ApiResponse.class)))
public class MeetingController {

    private final MeetingCommands commands;
    private final MeetingQueries queries;
    private final ViewWaiter views;
    private final IceServers iceServers;
    private final ParticipantTokens participantTokens;
    private final GatewayProperties properties;

    MeetingController(MeetingCommands commands, MeetingQueries queries, ViewWaiter views, IceServers iceServers,
                      ParticipantTokens participantTokens, GatewayProperties properties) {
        this.commands = commands;
        this.queries = queries;
        this.views = views;
        this.iceServers = iceServers;
        this.participantTokens = participantTokens;
        this.properties = properties;
    }

    @Operation(summary = "createMeeting", description = "Creates a meeting hosted by the caller; the caller's tier and "
            + "the provider rule pick WebRTC or GetStream.")
    @PostMapping("/lifecycle/createMeeting")
    @IdempotentCommand
    public ApiResponse<CreateMeetingValue> createMeeting(@RequestBody CreateMeetingRequest body,
                                                         Caller caller,
                                                         HttpServletRequest request) {
        CreateMeetingRequest.Args args = body.args();
        Optional<String> attempt = IdempotencyFilter.requestId(request);
        MeetingId meetingId = attempt.map(id -> new MeetingId("meeting_" + id)).orElseGet(MeetingId::generate);
        try (ViewWaiter.MeetingWait meeting = waitFor(meetingId, caller)) {
            long version;
            try {
                version = commands.send(new CreateMeeting(meetingId, caller.userId(), args.title(), args.description(),
                        args.scheduledAt(), args.maxParticipants(), args.recordingRequested(), caller.tier(),
                        args.maxDurationMinutes()), request, caller);
            } catch (RuntimeException e) {
                if (attempt.isEmpty() || !MeetingException.isConcurrentChange(e)) {
                    throw e;
                }
                // An earlier attempt under this Idempotency-Key created the meeting, and its answer was lost.
                return ApiResponse.success(CreateMeetingValue.of(meetingId.value(),
                        queries.query(new GetMeeting(meetingId, caller.userId()), MeetingView.class)));
            }
            MeetingView view = meetingAfter(meeting, version).orElse(null);
            return ApiResponse.success(CreateMeetingValue.of(meetingId.value(), view));
        }
    }

    @Operation(summary = "startMeeting", operationId = "postApiRunMeetingsLifecycleStartMeeting",
            description = "The host starts a scheduled meeting. WebRTC meetings get their ICE servers; GetStream "
                    + "meetings get their call id (the meeting id) at once while provisioning continues asynchronously.")
    @PostMapping("/lifecycle/startMeeting")
    @IdempotentCommand
    public ApiResponse<StartMeetingValue> startMeeting(@RequestBody MeetingRequest body,
                                                       Caller caller,
                                                       HttpServletRequest request) {
        MeetingId meetingId = body.args().id();
        MeetingView view;
        try (ViewWaiter.MeetingWait meeting = waitFor(meetingId, caller)) {
            long version = commands.send(new StartMeeting(meetingId, caller.userId()), request, caller);
            view = meetingAfter(meeting, version).orElseThrow(() -> new MeetingException(
                    ErrorCode.EXTERNAL_SERVICE_TIMEOUT, "The meeting started, but its view is not available yet; "
                    + "read it with getMeeting"));
        }
        if (onWebRtc(view)) {
            return ApiResponse.success(new StartMeetingValue(true, true, VideoProvider.WEBRTC,
                    new StartMeetingValue.RoomInfo(webRtcRoomId(view), iceServers.forUser(caller.userId()))));
        }
        return ApiResponse.success(new StartMeetingValue(true, false, VideoProvider.GETSTREAM,
                new StartMeetingValue.RoomInfo(meetingId.value(), null)));
    }

    @Operation(summary = "getMeetingConnectionInfo", description = "What a participant needs to connect to the "
            + "meeting's media now: for WebRTC the room and ICE servers with fresh TURN credentials (long sessions "
            + "outlive the first ones), for GetStream the call id and a user token. Not for concluded or cancelled "
            + "meetings.")
    @PostMapping("/lifecycle/getMeetingConnectionInfo")
    public ApiResponse<ConnectionInfoValue> getMeetingConnectionInfo(@RequestBody MeetingRequest body, Caller caller) {
        MeetingView view = connectableMeeting(body.args().id(), caller);
        if (onWebRtc(view)) {
            return ApiResponse.success(new ConnectionInfoValue(VideoProvider.WEBRTC, webRtcRoomId(view),
                    iceServers.forUser(caller.userId()), null));
        }
        return ApiResponse.success(new ConnectionInfoValue(VideoProvider.GETSTREAM, view.meetingId().value(), null,
                participantTokens.issue(view.meetingId(), caller.userId())));
    }

    @Operation(summary = "generateParticipantToken", description = "A GetStream user token for the caller, a "
            + "participant of a scheduled or active GetStream meeting, valid for that meeting's call only, with the "
            + "API key and call the client SDK needs. WebRTC meetings have none (VALIDATION_ERROR).")
    @PostMapping("/stream/index/generateParticipantToken")
    public ApiResponse<ParticipantTokenValue> generateParticipantToken(@RequestBody MeetingRequest body, Caller caller) {
        MeetingView view = connectableMeeting(body.args().id(), caller);
        if (onWebRtc(view)) {
            throw new MeetingException(ErrorCode.VALIDATION_ERROR,
                    "Participant tokens are only for GetStream meetings; this meeting runs on WebRTC");
        }
        return ApiResponse.success(participantTokens.issue(view.meetingId(), caller.userId()));
    }

    /** The meeting as the caller, a participant, sees it, if it is scheduled or active (NOT_FOUND for others). */
    private MeetingView connectableMeeting(MeetingId meetingId, Caller caller) {
        MeetingView view = queries.query(new GetMeeting(meetingId, caller.userId()), MeetingView.class);
        if (view.state() != MeetingState.SCHEDULED && view.state() != MeetingState.ACTIVE) {
            throw new MeetingException(ErrorCode.VALIDATION_ERROR, "Meeting is concluded or cancelled");
        }
        return view;
    }

    /** Free meetings, and paid ones whose GetStream room could not be provisioned. */
    private static boolean onWebRtc(MeetingView view) {
        return view.webrtcReady() || view.videoProvider() == VideoProvider.WEBRTC;
    }

    private static String webRtcRoomId(MeetingView view) {
        return view.roomId() != null ? view.roomId() : view.meetingId().webRtcRoomId();
    }

    @Operation(summary = "endMeeting", description = "The host concludes an active meeting.")
    @PostMapping("/lifecycle/endMeeting")
    @IdempotentCommand
    public ApiResponse<CommandValue> endMeeting(@RequestBody MeetingRequest body,
                                                Caller caller, HttpServletRequest request) {
        MeetingId meetingId = body.args().id();
        return done(meetingId, caller, () -> commands.send(new EndMeeting(meetingId, caller.userId()),
                request, caller));
    }

    @Operation(summary = "cancelMeeting", description = "The host cancels a meeting that has not started.")
    @PostMapping("/lifecycle/cancelMeeting")
    @IdempotentCommand
    public ApiResponse<CommandValue> cancelMeeting(@RequestBody CancelMeetingRequest body,
                                                   Caller caller, HttpServletRequest request) {
        MeetingId meetingId = body.args().id();
        return done(meetingId, caller,
                () -> commands.send(new CancelMeeting(meetingId, caller.userId(), body.args().reason()),
                        request, caller));
    }

    @Operation(summary = "addParticipant", description = "The host invites a user (WorkOS user id) to the meeting.")
    @PostMapping("/lifecycle/addParticipant")
    @IdempotentCommand
    public ApiResponse<CommandValue> addParticipant(@RequestBody AddParticipantRequest body,
                                                    Caller caller, HttpServletRequest request) {
        MeetingId meetingId = body.args().id();
        return done(meetingId, caller,
                () -> commands.send(new AddParticipant(meetingId, caller.userId(), body.args().user()),
                        request, caller));
    }

    @Operation(summary = "addMultipleParticipants", description = "A host invites several users (WorkOS user ids) "
            + "at once: all of them, or none when one cannot be added (already a participant: CONFLICT). A list is at "
            + "most the meeting's participant cap long.")
    @PostMapping("/lifecycle/addMultipleParticipants")
    @IdempotentCommand
    public ApiResponse<CommandValue> addMultipleParticipants(@RequestBody AddMultipleParticipantsRequest body,
                                                             Caller caller, HttpServletRequest request) {
        MeetingId meetingId = body.args().id();
        return done(meetingId, caller,
                () -> commands.send(new AddParticipants(meetingId, caller.userId(), body.args().users()),
                        request, caller));
    }

    @Operation(summary = "removeParticipant", description = "A host removes a participant, who leaves the call if "
            + "present. The meeting's creator cannot be removed.")
    @PostMapping("/lifecycle/removeParticipant")
    @IdempotentCommand
    public ApiResponse<CommandValue> removeParticipant(@RequestBody AddParticipantRequest body,
                                                       Caller caller, HttpServletRequest request) {
        MeetingId meetingId = body.args().id();
        return done(meetingId, caller,
                () -> commands.send(new RemoveParticipant(meetingId, caller.userId(), body.args().user()),
                        request, caller));
    }

    @Operation(summary = "updateParticipantRole", description = "A host makes a participant a co-host (host) or a "
            + "plain participant. Co-hosts have the host's powers (recordings, ending the meeting, participants); the "
            + "creator stays host, so a meeting never loses its last host.")
    @PostMapping("/lifecycle/updateParticipantRole")
    @IdempotentCommand
    public ApiResponse<CommandValue> updateParticipantRole(@RequestBody UpdateParticipantRoleRequest body,
                                                           Caller caller, HttpServletRequest request) {
        MeetingId meetingId = body.args().id();
        return done(meetingId, caller,
                () -> commands.send(new UpdateParticipantRole(meetingId, caller.userId(), body.args().user(),
                        body.args().role()), request, caller));
    }

    @Operation(summary = "joinMeeting", description = "A participant enters the call; the participant cap applies.")
    @PostMapping("/lifecycle/joinMeeting")
    @IdempotentCommand
    public ApiResponse<CommandValue> joinMeeting(@RequestBody MeetingRequest body,
                                                 Caller caller, HttpServletRequest request) {
        MeetingId meetingId = body.args().id();
        return done(meetingId, caller, () -> commands.send(new JoinMeeting(meetingId, caller.userId()),
                request, caller));
    }

    @Operation(summary = "leaveMeeting", description = "A participant leaves the call.")
    @PostMapping("/lifecycle/leaveMeeting")
    @IdempotentCommand
    public ApiResponse<CommandValue> leaveMeeting(@RequestBody MeetingRequest body,
                                                  Caller caller, HttpServletRequest request) {
        MeetingId meetingId = body.args().id();
        return done(meetingId, caller, () -> commands.send(new LeaveMeeting(meetingId, caller.userId()),
                request, caller));
    }

    @Operation(summary = "startRecording", operationId = "postApiRunMeetingsStreamIndexStartRecording",
            description = "The host starts recording a paid (GetStream) meeting; at most 3 starts a minute. Waits "
                    + "(bounded) for the provider: active gives the id (and url if any), failure a STREAM_ERROR, "
                    + "still starting at the bound the id.")
    @PostMapping("/stream/index/startRecording")
    @IdempotentCommand
    public ApiResponse<StartRecordingValue> startRecording(@RequestBody StartRecordingRequest body,
                                                           Caller caller,
                                                           HttpServletRequest request) {
        MeetingId meetingId = body.args().id();
        // an attempt after one whose answer was lost is refused as "Recording id is already used", not a second start
        RecordingId recordingId = IdempotencyFilter.requestId(request).map(id -> new RecordingId("recording_" + id))
                .orElseGet(RecordingId::generate);
        Optional<RecordingView> recording;
        try (ViewWaiter.MeetingWait meeting = waitFor(meetingId, caller);
             ViewWaiter.RecordingWait started = views.recording(new GetRecording(meetingId, recordingId,
                     caller.userId()))) {
            long version = commands.send(new StartRecording(meetingId, caller.userId(), recordingId,
                    body.args().recordingConfig()), request, caller);
            recording = started.until(r -> r.status() != RecordingStatus.STARTING, properties.recordingStartTimeout());
            if (recording.isPresent() && recording.get().status() == RecordingStatus.FAILED) {
                String reason = Optional.ofNullable(recording.get().failureReason()).orElse("unknown");
                Map<String, Object> metadata = new LinkedHashMap<>();
                metadata.put("recordingId", recordingId.value());
                metadata.put("reason", reason);
                throw new MeetingException(ErrorCode.STREAM_ERROR, "Recording failed to start: " + reason, metadata);
            }
            meetingAfter(meeting, version);
        }
        return ApiResponse.success(new StartRecordingValue(true, recordingId.value(),
                recording.map(RecordingView::url).orElse(null)));
    }

    @Operation(summary = "stopRecording", description = "The host stops the recording in progress; at most 5 stops "
            + "a minute.")
    @PostMapping("/stream/index/stopRecording")
    @IdempotentCommand
    public ApiResponse<CommandValue> stopRecording(@RequestBody MeetingRequest body,
                                                   Caller caller, HttpServletRequest request) {
        MeetingId meetingId = body.args().id();
        return done(meetingId, caller, () -> commands.send(new StopRecording(meetingId, caller.userId()),
                request, caller));
    }

    @Operation(summary = "getMeeting", description = "The meeting as its participants see it.")
    @PostMapping("/queries/getMeeting")
    public ApiResponse<MeetingView> getMeeting(@RequestBody MeetingRequest body, Caller caller) {
        return ApiResponse.success(queries.query(new GetMeeting(body.args().id(), caller.userId()), MeetingView.class));
    }

    @Operation(summary = "listRecordings", description = "The meeting's recordings, newest first, for its participants.")
    @PostMapping("/queries/listRecordings")
    public ApiResponse<RecordingList> listRecordings(@RequestBody MeetingRequest body,
                                                     Caller caller) {
        return ApiResponse.success(queries.query(new ListRecordings(body.args().id(), caller.userId()),
                RecordingList.class));
    }

    @Operation(summary = "listMeetingParticipants", description = "The meeting's participants with role and "
            + "presence, for its participants.")
    @PostMapping("/queries/listMeetingParticipants")
    public ApiResponse<ParticipantListValue> listMeetingParticipants(@RequestBody MeetingRequest body, Caller caller) {
        MeetingView view = queries.query(new GetMeeting(body.args().id(), caller.userId()), MeetingView.class);
        return ApiResponse.success(new ParticipantListValue(view.meetingId().value(), view.participants()));
    }

    @Operation(summary = "listUserMeetings", description = "The caller's meetings (as host or participant), newest "
            + "first, optionally only those in one state; pages of up to 100 (default 20) joined by nextCursor.")
    @PostMapping("/queries/listUserMeetings")
    public ApiResponse<UserMeetingPage> listUserMeetings(@RequestBody ListUserMeetingsRequest body, Caller caller) {
        ListUserMeetingsRequest.Args args = body.args();
        return ApiResponse.success(queries.query(new ListUserMeetings(caller.userId(), args.state(), args.cursor(),
                args.pageSize()), UserMeetingPage.class));
    }

    private ApiResponse<CommandValue> done(MeetingId meetingId, Caller caller, LongSupplier command) {
        try (ViewWaiter.MeetingWait meeting = waitFor(meetingId, caller)) {
            return ApiResponse.success(new CommandValue(true, meetingAfter(meeting, command.getAsLong()).orElse(null)));
        }
    }

    /** Opened before the command is sent, so that the wait sees every commit of the command's events. */
    private ViewWaiter.MeetingWait waitFor(MeetingId meetingId, Caller caller) {
        return views.meeting(new GetMeeting(meetingId, caller.userId()));
    }

    private Optional<MeetingView> meetingAfter(ViewWaiter.MeetingWait meeting, long version) {
        return meeting.atLeast(version, properties.readYourWritesTimeout());
    }
}
