package io.connvo.meetings.gateway.admin;

import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.gateway.security.Caller;
import io.connvo.meetings.gateway.security.Callers;
import io.connvo.meetings.gateway.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Projection replay for administrators (a role in {@code connvo.security.admin-roles}). */
@RestController
@RequestMapping(path = "/api/admin/projections/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Admin")
@SecurityRequirement(name = "bearerAuth")
@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "400",
        description = "Failed operation: VALIDATION_ERROR (unknown projection), INSUFFICIENT_PERMISSIONS (not an "
                + "admin), CONFLICT (a replay in progress, or the processor is claimed by another node), NOT_FOUND "
                + "(the projection does not run in this process)",
        content = @Content(schema = @Schema(implementation = ApiResponse.class)))
@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "401", description = "Missing or invalid token",
        content = @Content(schema = @Schema(implementation = ApiResponse.class)))
public class ProjectionAdminController {

    private final ProjectionReplays replays;
    private final Callers callers;

    ProjectionAdminController(ProjectionReplays replays, Callers callers) {
        this.replays = replays;
        this.callers = callers;
    }

    @Operation(summary = "Replay a projection",
            description = "Stops the projection's processor, resets its tokens (its @ResetHandlers clear the view), "
                    + "and starts it: it replays every stored event up to the current head, then carries on live. "
                    + "Returns at once; follow the progress with GET /api/admin/projections/{name}.")
    @PostMapping("/replay")
    public ApiResponse<ProjectionStatus> replay(
            @Parameter(description = "processing group: meeting-view or recording-view") @PathVariable("name") String name,
            @Parameter(hidden = true) Caller caller) {
        requireAdmin(caller);
        return ApiResponse.success(replays.replay(name));
    }

    @Operation(summary = "A projection's replay progress",
            description = "Whether it is replaying, its position against the event store's head, and the events "
                    + "replayed so far (the total once complete).")
    @GetMapping
    public ApiResponse<ProjectionStatus> status(
            @Parameter(description = "processing group: meeting-view or recording-view") @PathVariable("name") String name,
            @Parameter(hidden = true) Caller caller) {
        requireAdmin(caller);
        return ApiResponse.success(replays.status(name));
    }

    private void requireAdmin(Caller caller) {
        if (!callers.isAdmin(caller)) {
            throw new MeetingException(ErrorCode.INSUFFICIENT_PERMISSIONS, "Only an administrator can manage projections");
        }
    }
}
