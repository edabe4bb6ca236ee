package io.connvo.meetings.gateway.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.connvo.meetings.api.Text;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.webhook.HandleGetStreamWebhook;
import io.connvo.meetings.api.webhook.WebhookOutcome;
import io.connvo.meetings.gateway.web.ApiResponse;
import io.connvo.meetings.gateway.web.BoundedBody;
import io.connvo.meetings.gateway.web.StrictUtf8;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/getstream}: authenticates a GetStream webhook by the body's HMAC signature (not by a JWT),
 * skips one whose {@code X-Webhook-Id} was already handled, and hands the rest on as {@link HandleGetStreamWebhook},
 * which the GetStream adapter (recording-saga) maps to the meeting's commands, in this process or behind Axon Server.
 *
 * <p>A delivery is recorded as handled only after the hand-on was answered: recording first would lose the webhook
 * whenever the hand-on then failed, since GetStream's redelivery would be dropped as a duplicate. A crash between the
 * two lets a redelivery through; the meeting recognises it by the webhook id its commands carry and applies nothing
 * twice. Anything but a 2xx makes GetStream redeliver.
 */
@RestController
@Tag(name = "Webhooks")
public class GetStreamWebhookController {

    public static final String PATH = "/webhooks/getstream";
    static final int MAX_WEBHOOK_ID_LENGTH = 200;

    private static final Logger LOG = LoggerFactory.getLogger(GetStreamWebhookController.class);

    private final CommandGateway commandGateway;
    private final WebhookDeliveries deliveries;
    private final GetStreamWebhookProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    @Autowired // two constructors: Spring must be told which one to use
    public GetStreamWebhookController(CommandGateway commandGateway, WebhookDeliveries deliveries,
                                      GetStreamWebhookProperties properties, MeterRegistry meters) {
        this(commandGateway, deliveries, properties, meters, Clock.systemUTC());
    }

    GetStreamWebhookController(CommandGateway commandGateway, WebhookDeliveries deliveries,
                               GetStreamWebhookProperties properties, MeterRegistry meters, Clock clock) {
        this.commandGateway = commandGateway;
        this.deliveries = deliveries;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    @Operation(summary = "GetStream webhooks", description = "Signed by GetStream (X-Signature: HMAC-SHA256 hex of the "
            + "raw body with the API secret; no bearer token), deduplicated by X-Webhook-Id. Handled for calls "
            + "default:<meetingId>: call.recording_started/_stopped/_ready/_failed, call.transcription_started/_stopped/"
            + "_ready/_failed, call.session_participant_joined/_left (presence, ordered by created_at per participant), "
            + "call.session_ended (everyone present leaves); anything else is acknowledged as ignored. 200 with "
            + "value.outcome applied, duplicate, ignored or rejected; 400 for a malformed body; 401 for a bad signature; "
            + "any other status asks GetStream to redeliver.")
    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ApiResponse<?>> receive(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json"))
            InputStream body,
            @RequestHeader(name = "X-Signature", required = false) String signature,
            @RequestHeader(name = "X-Webhook-Id", required = false) String webhookId) {
        byte[] raw;
        try {
            raw = BoundedBody.read("body", body, properties.webhook().maxBodySize().toBytes());
        } catch (IOException e) {
            return failure("invalid", HttpStatus.BAD_REQUEST,
                    new ErrorDetails(ErrorCode.VALIDATION_ERROR, "body could not be read", Map.of("field", "body")));
        } catch (MeetingException tooLarge) {
            return failure("invalid", HttpStatus.BAD_REQUEST, tooLarge.details());
        }
        if (!WebhookSignature.matches(properties.apiSecret(), raw, signature)) {
            return failure("unauthorized", HttpStatus.UNAUTHORIZED, new ErrorDetails(ErrorCode.UNAUTHORIZED,
                    signature == null ? "X-Signature is missing" : "X-Signature does not match the body", Map.of()));
        }
        try {
            if (webhookId != null && (webhookId.isBlank() || webhookId.length() > MAX_WEBHOOK_ID_LENGTH)) {
                throw MeetingException.validation("X-Webhook-Id",
                        "X-Webhook-Id must have 1 to " + MAX_WEBHOOK_ID_LENGTH + " characters");
            }
            Text.line("X-Webhook-Id", webhookId);
            String text = new String(StrictUtf8.require("body", raw), StandardCharsets.UTF_8);
            if (webhookId != null && deliveries.handled(webhookId)) {
                return handled(webhookId, "duplicate", null);
            }
            return handOn(new HandleGetStreamWebhook(webhookId, text));
        } catch (MeetingException e) {
            return failure("invalid", HttpStatus.BAD_REQUEST, e.details());
        }
    }

    private ResponseEntity<ApiResponse<?>> handOn(HandleGetStreamWebhook webhook) {
        Duration timeout = properties.webhook().commandTimeout();
        try {
            WebhookOutcome outcome = commandGateway.<WebhookOutcome>send(webhook)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String result = outcome.result().name().toLowerCase(Locale.ROOT);
            if (webhook.webhookId() != null) {
                deliveries.record(webhook.webhookId(), outcome.eventType(), outcome.callCid(), result, clock.instant());
            }
            return handled(webhook.webhookId(), result, outcome.reason());
        } catch (ExecutionException e) {
            Optional<ErrorDetails> refusal = MeetingException.detailsOf(e.getCause());
            if (refusal.isPresent() && refusal.get().code() == ErrorCode.VALIDATION_ERROR) {
                return failure("invalid", HttpStatus.BAD_REQUEST, refusal.get());
            }
            if (MeetingException.isConcurrentChange(e.getCause())) {
                LOG.info("webhook {} lost a race on its meeting; GetStream will redeliver it", webhook.webhookId());
                return failure("failed", HttpStatus.SERVICE_UNAVAILABLE, refusal.get());
            }
            LOG.error("webhook {} failed; GetStream will redeliver it", webhook.webhookId(), e.getCause());
            return failure("failed", HttpStatus.INTERNAL_SERVER_ERROR,
                    new ErrorDetails(ErrorCode.INTERNAL_ERROR, "the webhook could not be processed", Map.of()));
        } catch (TimeoutException e) {
            LOG.warn("webhook {} not handled within {}; GetStream will redeliver it", webhook.webhookId(), timeout);
            return failure("failed", HttpStatus.SERVICE_UNAVAILABLE, new ErrorDetails(ErrorCode.EXTERNAL_SERVICE_TIMEOUT,
                    "the webhook was not processed within " + timeout.toMillis() + " ms", Map.of()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure("failed", HttpStatus.SERVICE_UNAVAILABLE,
                    new ErrorDetails(ErrorCode.EXTERNAL_SERVICE_TIMEOUT, "the webhook was interrupted", Map.of()));
        }
    }

    private ResponseEntity<ApiResponse<?>> handled(String webhookId, String outcome, String reason) {
        count(outcome);
        return ResponseEntity.ok(ApiResponse.success(new Delivery(webhookId, outcome, reason)));
    }

    /** The status is explicit: a webhook's 503 asks GetStream to redeliver, unlike the routes' 400 for failures. */
    private ResponseEntity<ApiResponse<?>> failure(String outcome, HttpStatus status, ErrorDetails details) {
        count(outcome);
        return ResponseEntity.status(status).body(ApiResponse.error(details));
    }

    /**
     * {@code connvo.webhook.deliveries} by outcome: applied, duplicate, ignored, rejected (a rule said no), and the
     * deliveries that were not handled: unauthorized (bad signature), invalid, failed (GetStream will redeliver).
     */
    private void count(String outcome) {
        meters.counter("connvo.webhook.deliveries", "outcome", outcome).increment();
    }

    /** The value of a handled delivery: applied, duplicate, ignored or rejected (with the reason). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delivery(String webhookId, String outcome, String reason) {
    }
}
