package io.connvo.meetings.gateway.audit;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.audit.AuditEventPage;
import io.connvo.meetings.api.audit.AuditReader;
import io.connvo.meetings.api.audit.GetMeetingHistory;
import io.connvo.meetings.api.audit.GetMeetingStateAsOf;
import io.connvo.meetings.api.audit.GetRecordingHistory;
import io.connvo.meetings.api.audit.MeetingStateAsOf;
import io.connvo.meetings.api.audit.RecordingHistory;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.gateway.security.Caller;
import io.connvo.meetings.gateway.security.Callers;
import io.connvo.meetings.gateway.web.ApiResponse;
import io.connvo.meetings.gateway.web.MeetingQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A meeting's history for auditors: its event stream, its state as of an instant, a recording's history. For the
 * meeting's host and for callers with a configured auditor or admin role ({@code connvo.security.auditor-roles},
 * {@code admin-roles}). Query parameters are read as text and checked here, so a bad one is a VALIDATION_ERROR
 * naming it. The command side owns the events and the rules that replay them: it answers the audit queries.
 */
@RestController
@RequestMapping(path = "/api/audit/meetings/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Audit")
@SecurityRequirement(name = "bearerAuth")
@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "400",
        description = "Failed operation: VALIDATION_ERROR, NOT_FOUND (unknown meeting, or not a participant), "
                + "INSUFFICIENT_PERMISSIONS (a participant who is not the host)",
        content = @Content(schema = @Schema(implementation = ApiResponse.class)))
@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "401", description = "Missing or invalid token",
        content = @Content(schema = @Schema(implementation = ApiResponse.class)))
public class AuditController {

    private final MeetingQueries queries;
    private final Callers callers;
    private final AuditProperties properties;

    AuditController(MeetingQueries queries, Callers callers, AuditProperties properties) {
        this.queries = queries;
        this.callers = callers;
        this.properties = properties;
    }

    @Operation(summary = "A meeting's event stream",
            description = "Every stored event of the meeting from sequence 0 (never from a snapshot), in order, with "
                    + "its type, timestamp, payload and metadata (actor, correlationId, causationId, traceId). "
                    + "Paginated: pass the page's nextFromSequence as fromSequence for the next page.")
    @GetMapping("/events")
    public ApiResponse<AuditEventPage> events(
            @PathVariable("id") String id,
            @Parameter(description = "first sequence number of the page (default 0)",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @RequestParam(name = "fromSequence", required = false) String fromSequence,
            @Parameter(description = "events per page (default connvo.audit.default-page-size, 100; at most "
                    + "connvo.audit.max-page-size, 500)", schema = @Schema(type = "integer", minimum = "1"))
            @RequestParam(name = "limit", required = false) String limit,
            @Parameter(hidden = true) Caller caller) {
        long from = fromSequence == null ? 0 : number("fromSequence", fromSequence, 0, Long.MAX_VALUE);
        int size = limit == null ? properties.defaultPageSize()
                : (int) number("limit", limit, 1, properties.maxPageSize());
        return ApiResponse.success(queries.query(new GetMeetingHistory(new MeetingId(id), from, size, reader(caller)),
                AuditEventPage.class));
    }

    @Operation(summary = "A meeting's state as of an instant",
            description = "Rebuilt by the Meeting aggregate's own rules from the events stored up to and including "
                    + "the instant. NOT_FOUND if the meeting did not exist yet then.")
    @GetMapping("/state")
    public ApiResponse<MeetingStateAsOf> state(
            @PathVariable("id") String id,
            @Parameter(description = "ISO-8601 instant, e.g. 2026-01-01T10:00:00Z", required = true,
                    schema = @Schema(type = "string", format = "date-time"))
            @RequestParam(name = "at", required = false) String at,
            @Parameter(hidden = true) Caller caller) {
        return ApiResponse.success(queries.query(new GetMeetingStateAsOf(new MeetingId(id), instant("at", at),
                reader(caller)), MeetingStateAsOf.class));
    }

    @Operation(summary = "A recording's history",
            description = "Every event of the meeting that touched the recording, in order, and its status now.")
    @GetMapping("/recordings/{recordingId}/history")
    public ApiResponse<RecordingHistory> recordingHistory(@PathVariable("id") String id,
                                                          @PathVariable("recordingId") String recordingId,
                                                          @Parameter(hidden = true) Caller caller) {
        return ApiResponse.success(queries.query(new GetRecordingHistory(new MeetingId(id), new RecordingId(recordingId),
                reader(caller)), RecordingHistory.class));
    }

    private AuditReader reader(Caller caller) {
        return new AuditReader(caller.userId(), callers.isAuditor(caller) || callers.isAdmin(caller));
    }

    private static long number(String name, String text, long min, long max) {
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw MeetingException.validation(name, name + " must be an integer");
        }
        if (value < min || value > max) {
            throw MeetingException.validation(name, max == Long.MAX_VALUE ? name + " must be at least " + min
                    : name + " must be between " + min + " and " + max);
        }
        return value;
    }

    private static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) {
            throw MeetingException.validation(name, name + " is required (an ISO-8601 instant)");
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw MeetingException.validation(name, name + " must be an ISO-8601 instant, e.g. 2026-01-01T10:00:00Z");
        }
    }
}
