package io.connvo.meetings.gateway.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connvo.meetings.api.Text;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.gateway.web.ApiResponse;
import io.connvo.meetings.gateway.web.StrictUtf8;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/getstream}: GetStream's recording and transcription events become the meeting's outcome
 * commands. Authenticated by the body's HMAC signature, not by a JWT.
 *
 * <p>Deduplication by {@code X-Webhook-Id}: the id is recorded only after the command was accepted (or the
 * event was found to need none). The command runs in the aggregate's own unit of work, possibly in another
 * process, so no transaction spans both; recording first would lose an event whenever the command then
 * failed, since GetStream's redelivery would be dropped as a duplicate. Recording after means a crash between
 * the two lets a redelivery through, which the outcome commands absorb: they are no-ops when repeated.
 */
@RestController
public class GetStreamWebhookController {

    public static final String PATH = "/webhooks/getstream";
    static final String ACTOR = "system:getstream-webhook";
    static final int MAX_WEBHOOK_ID_LENGTH = 200;

    private static final Logger LOG = LoggerFactory.getLogger(GetStreamWebhookController.class);
    private static final ObjectMapper JSON = new ObjectMapper();

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

    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ApiResponse<?>> receive(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = "X-Signature", required = false) String signature,
            @RequestHeader(name = "X-Webhook-Id", required = false) String webhookId) {
        byte[] raw = body == null ? new byte[0] : body;
        if (!WebhookSignature.matches(properties.apiSecret(), raw, signature)) {
            return failure("unauthorized", HttpStatus.UNAUTHORIZED, new ErrorDetails(ErrorCode.UNAUTHORIZED,
                    signature == null ? "X-Signature is missing" : "X-Signature does not match the body", Map.of()));
        }
        String type = null;
        String cid = null;
        try {
            if (webhookId != null && (webhookId.isBlank() || webhookId.length() > MAX_WEBHOOK_ID_LENGTH)) {
                throw MeetingException.validation("X-Webhook-Id",
                        "X-Webhook-Id must have 1 to " + MAX_WEBHOOK_ID_LENGTH + " characters");
            }
            Text.line("X-Webhook-Id", webhookId);
            JsonNode event = parse(StrictUtf8.require("body", raw));
            type = GetStreamEvents.type(event);
            cid = event.path("call_cid").isTextual() ? Text.line("call_cid", event.path("call_cid").asText()) : null;
            if (webhookId != null && deliveries.handled(webhookId)) {
                return handled(webhookId, "duplicate", null);
            }
            WebhookAction action = GetStreamEvents.toAction(event);
            if (action instanceof WebhookAction.Ignore ignore) {
                LOG.debug("webhook {} ({}) ignored: {}", webhookId, type, ignore.reason());
                return remember(webhookId, type, cid, "ignored", ignore.reason());
            }
            Object command = ((WebhookAction.Send) action).command();
            return send(command, webhookId, type, cid);
        } catch (MeetingException e) {
            return failure("invalid", HttpStatus.BAD_REQUEST, e.details());
        }
    }

    private ResponseEntity<ApiResponse<?>> send(Object command, String webhookId, String type, String cid) {
        Duration timeout = properties.webhook().commandTimeout();
        try {
            commandGateway.send(command, MetaData.with("actor", ACTOR)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return remember(webhookId, type, cid, "applied", null);
        } catch (ExecutionException e) {
            Optional<ErrorDetails> refusal = MeetingException.detailsOf(e.getCause());
            if (refusal.isPresent()) {
                // A rule said no (typically an unknown meeting): redelivering cannot change that.
                LOG.info("webhook {} ({} for {}) refused: {}", webhookId, type, cid, refusal.get().message());
                return remember(webhookId, type, cid, "rejected", refusal.get().message());
            }
            LOG.error("webhook {} ({} for {}) failed; GetStream will redeliver it", webhookId, type, cid, e.getCause());
            return failure("failed", HttpStatus.INTERNAL_SERVER_ERROR,
                    new ErrorDetails(ErrorCode.INTERNAL_ERROR, "the webhook could not be processed", Map.of()));
        } catch (TimeoutException e) {
            LOG.warn("webhook {} ({} for {}) not confirmed within {}; GetStream will redeliver it", webhookId, type, cid, timeout);
            return failure("failed", HttpStatus.SERVICE_UNAVAILABLE, new ErrorDetails(ErrorCode.EXTERNAL_SERVICE_TIMEOUT,
                    "the webhook was not processed within " + timeout.toMillis() + " ms", Map.of()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure("failed", HttpStatus.SERVICE_UNAVAILABLE,
                    new ErrorDetails(ErrorCode.EXTERNAL_SERVICE_TIMEOUT, "the webhook was interrupted", Map.of()));
        }
    }

    private static JsonNode parse(byte[] raw) {
        try {
            JsonNode event = raw.length == 0 ? null : JSON.readTree(raw);
            if (event == null || event.isMissingNode()) {
                throw MeetingException.validation("body", "webhook body is required");
            }
            return event;
        } catch (IOException e) {
            throw MeetingException.validation("body", "webhook body is not valid JSON");
        }
    }

    private ResponseEntity<ApiResponse<?>> remember(String webhookId, String type, String cid, String outcome,
                                                         String reason) {
        if (webhookId != null) {
            deliveries.record(webhookId, type, cid, outcome, clock.instant());
        }
        return handled(webhookId, outcome, reason);
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
