package io.connvo.meetings.gateway.admin;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.admin.AdminMessage;
import io.connvo.meetings.api.admin.DeadLetterList;
import io.connvo.meetings.api.admin.DeadLetterOutcome;
import io.connvo.meetings.api.admin.EvictDeadLetters;
import io.connvo.meetings.api.admin.GetProjectionStatus;
import io.connvo.meetings.api.admin.ListDeadLetters;
import io.connvo.meetings.api.admin.Projection;
import io.connvo.meetings.api.admin.ProjectionStatus;
import io.connvo.meetings.api.admin.ReplayProjection;
import io.connvo.meetings.api.admin.RetryDeadLetters;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.gateway.security.Caller;
import io.connvo.meetings.gateway.security.Callers;
import io.connvo.meetings.gateway.web.ApiResponse;
import io.connvo.meetings.gateway.web.MeetingCommands;
import io.connvo.meetings.gateway.web.MeetingQueries;
import io.connvo.meetings.platform.AdminMessages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Projection administration for administrators (a role in {@code connvo.security.admin-roles}): replay and status,
 * and the dead letters. The work is done where the group's processor runs (the query service for the projections,
 * the saga service for the media saga, or the standalone process): this controller checks the caller and sends
 * messages named after the group ({@code AdminMessage#messageName}), so it works in every deployment.
 */
@RestController
@RequestMapping(path = "/api/admin/projections/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Admin")
@SecurityRequirement(name = "bearerAuth")
@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "400",
        description = "Failed operation: VALIDATION_ERROR (unknown projection, bad limit, a meetingId of no meeting "
                + "id's shape), INSUFFICIENT_PERMISSIONS "
                + "(not an admin), CONFLICT (a replay in progress, or the processor is claimed by another node), "
                + "NOT_FOUND (no dead letters for that meeting, or no node runs the projection)",
        content = @Content(schema = @Schema(implementation = ApiResponse.class)))
@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "401", description = "Missing or invalid token",
        content = @Content(schema = @Schema(implementation = ApiResponse.class)))
public class ProjectionAdminController {

    static final int DEFAULT_LISTED = 100;
    private static final String NAME = "processing group: meeting-view or recording-view; for dead letters also media-saga";

    private final MeetingCommands commands;
    private final MeetingQueries queries;
    private final Callers callers;

    ProjectionAdminController(MeetingCommands commands, MeetingQueries queries, Callers callers) {
        this.commands = commands;
        this.queries = queries;
        this.callers = callers;
    }

    @Operation(summary = "Replay a projection",
            description = "A node running the projection stops its processor, resets its tokens (its @ResetHandlers "
                    + "clear the view and its dead letters), and starts it: it replays every stored event up to the "
                    + "current head, then carries on live. Returns at once; follow the progress with GET "
                    + "/api/admin/projections/{name}. Every other node must have released the processor's segments "
                    + "(CONFLICT otherwise).")
    @PostMapping("/replay")
    public ApiResponse<ProjectionStatus> replay(
            @Parameter(description = NAME) @PathVariable("name") String name,
            @Parameter(hidden = true) Caller caller, HttpServletRequest request) {
        Projection projection = replayable(admin(caller, name));
        return ApiResponse.success(reached(projection, () -> commands.call(
                AdminMessages.command(new ReplayProjection(projection)), ProjectionStatus.class, request, caller)));
    }

    @Operation(summary = "A projection's status and replay progress",
            description = "Every service running the projection answers for the segments its instance holds (Axon "
                    + "Server asks one instance of each service); the answer merges them: running anywhere, the "
                    + "lowest position reached, the segments claimed by the instances that answered, and the "
                    + "progress of the latest replay.")
    @GetMapping
    public ApiResponse<ProjectionStatus> status(
            @Parameter(description = NAME) @PathVariable("name") String name,
            @Parameter(hidden = true) Caller caller) {
        Projection projection = replayable(admin(caller, name));
        GetProjectionStatus query = new GetProjectionStatus(projection);
        List<ProjectionStatus> answers = queries.scatterGather(query.messageName(), query, ProjectionStatus.class);
        if (answers.isEmpty()) {
            throw notRunning(projection);
        }
        return ApiResponse.success(merge(answers));
    }

    @Operation(summary = "A projection's dead letters",
            description = "Events the projection could not handle, parked per meeting: each meeting's later events "
                    + "wait behind its first failed one while every other meeting goes on. A letter is retried "
                    + "automatically with backoff until connvo.dead-letters.max-attempts, then it is parked (parked: "
                    + "true) until an admin retries or evicts it.")
    @GetMapping("/dead-letters")
    public ApiResponse<DeadLetterList> deadLetters(
            @Parameter(description = NAME) @PathVariable("name") String name,
            @Parameter(description = "most letters listed, 1 to 500 (default 100)") @RequestParam(name = "limit", required = false) String limit,
            @Parameter(hidden = true) Caller caller) {
        Projection projection = admin(caller, name);
        ListDeadLetters query = new ListDeadLetters(projection, limit(limit));
        return ApiResponse.success(reached(projection, () -> queries.query(query.messageName(), query,
                DeadLetterList.class)));
    }

    @Operation(summary = "Retry or evict a meeting's dead letters",
            description = "retry: handles the meeting's parked events again now, in order; once all succeed, its "
                    + "later events follow (remaining > 0 and cause tell why one failed again). evict: drops the "
                    + "meeting's parked events from the projection for good (a replay brings them back); its later "
                    + "events are projected again at once.")
    @PostMapping("/dead-letters/{meetingId}/{action}")
    public ApiResponse<DeadLetterOutcome> deadLetterAction(
            @Parameter(description = NAME) @PathVariable("name") String name,
            @Parameter(description = "the meeting whose letters to act on") @PathVariable("meetingId") String meetingId,
            @Parameter(description = "retry or evict") @PathVariable("action") String action,
            @Parameter(hidden = true) Caller caller, HttpServletRequest request) {
        Projection projection = admin(caller, name);
        String meeting = new MeetingId(meetingId).value();
        AdminMessage command = switch (action) {
            case "retry" -> new RetryDeadLetters(projection, meeting);
            case "evict" -> new EvictDeadLetters(projection, meeting);
            default -> throw new MeetingException(ErrorCode.VALIDATION_ERROR, "action must be retry or evict",
                    Map.of("field", "action"));
        };
        return ApiResponse.success(reached(projection, () -> commands.call(AdminMessages.command(command),
                DeadLetterOutcome.class, request, caller)));
    }

    private Projection admin(Caller caller, String name) {
        if (!callers.isAdmin(caller)) {
            throw new MeetingException(ErrorCode.INSUFFICIENT_PERMISSIONS, "Only an administrator can manage projections");
        }
        return Projection.named(name).orElseThrow(() -> new MeetingException(ErrorCode.VALIDATION_ERROR,
                "Unknown projection " + name + "; known: " + Arrays.stream(Projection.values())
                        .map(Projection::group).collect(Collectors.joining(", ")), Map.of("field", "name")));
    }

    /** Replay and its status are for projections only: the saga's handlers call GetStream and send commands. */
    private static Projection replayable(Projection projection) {
        if (!projection.replayable()) {
            throw new MeetingException(ErrorCode.VALIDATION_ERROR, "Projection " + projection.group()
                    + " is never replayed; replayable: " + Arrays.stream(Projection.values()).filter(Projection::replayable)
                    .map(Projection::group).collect(Collectors.joining(", ")), Map.of("field", "name"));
        }
        return projection;
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LISTED;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= 500) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new MeetingException(ErrorCode.VALIDATION_ERROR, "limit must be a whole number from 1 to 500",
                Map.of("field", "limit"));
    }

    /** No handler anywhere: no node running the projection is reachable. */
    private static <R> R reached(Projection projection, Supplier<R> send) {
        try {
            return send.get();
        } catch (NoHandlerForCommandException | NoHandlerForQueryException e) {
            throw notRunning(projection);
        }
    }

    private static MeetingException notRunning(Projection projection) {
        return new MeetingException(ErrorCode.NOT_FOUND, "No running node answers for projection " + projection.group());
    }

    /**
     * One status from every node's answer: the processor runs if it runs anywhere; the lowest position any node has
     * reached; the segments claimed on all nodes; the replay started last, as reported by the node that started it.
     */
    static ProjectionStatus merge(List<ProjectionStatus> answers) {
        ProjectionStatus latestReplay = answers.stream().filter(s -> s.replayStartedAt() != null)
                .max((a, b) -> a.replayStartedAt().compareTo(b.replayStartedAt())).orElse(answers.get(0));
        ProjectionStatus first = answers.get(0);
        return new ProjectionStatus(first.name(),
                answers.stream().anyMatch(ProjectionStatus::running),
                answers.stream().anyMatch(ProjectionStatus::replaying),
                answers.stream().map(ProjectionStatus::position).filter(p -> p != null).min(Long::compare).orElse(null),
                answers.stream().map(ProjectionStatus::head).filter(h -> h != null).max(Long::compare).orElse(null),
                answers.stream().mapToInt(ProjectionStatus::claimedSegments).sum(),
                answers.stream().mapToInt(ProjectionStatus::totalSegments).max().orElse(0),
                latestReplay.replayStartedAt(), latestReplay.replayCompletedAt(), latestReplay.eventsReplayed(),
                answers.stream().map(ProjectionStatus::error).filter(e -> e != null).findFirst().orElse(null));
    }
}
