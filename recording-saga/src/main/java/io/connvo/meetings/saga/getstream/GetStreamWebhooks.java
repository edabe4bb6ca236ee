package io.connvo.meetings.saga.getstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.webhook.HandleGetStreamWebhook;
import io.connvo.meetings.api.webhook.WebhookOutcome;
import io.connvo.meetings.platform.CorrelationMetadata;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Handles the GetStream webhooks the gateway hands on: maps each to the meeting's command and sends it, naming the
 * webhook in the command's metadata so that the meeting applies it at most once. Answers when the meeting has
 * answered, so that the gateway records the delivery only once it was handled.
 */
@Component
public class GetStreamWebhooks {

    static final String ACTOR = "system:getstream-webhook";
    private static final Logger LOG = LoggerFactory.getLogger(GetStreamWebhooks.class);

    private final CommandGateway commands;

    public GetStreamWebhooks(CommandGateway commands) {
        this.commands = commands;
    }

    /**
     * A malformed body is a VALIDATION_ERROR; a meeting that says no (unknown meeting, a user who is not a
     * participant) is logged and answered REJECTED, since a redelivery would be refused again; a lost race on the
     * meeting or a failure to deliver is thrown, so that GetStream redelivers.
     */
    @CommandHandler
    public WebhookOutcome handle(HandleGetStreamWebhook webhook) {
        JsonNode event = GetStreamEvents.parse(webhook.body());
        String type = GetStreamEvents.type(event);
        String cid = GetStreamEvents.callCid(event);
        WebhookAction action = GetStreamEvents.toAction(event);
        if (action instanceof WebhookAction.Ignore ignore) {
            LOG.debug("webhook {} ({}) ignored: {}", webhook.webhookId(), type, ignore.reason());
            return new WebhookOutcome(type, cid, WebhookOutcome.Result.IGNORED, ignore.reason());
        }
        MetaData metaData = MetaData.with(CorrelationMetadata.ACTOR, ACTOR);
        if (webhook.webhookId() != null) {
            metaData = metaData.and(HandleGetStreamWebhook.WEBHOOK_ID, webhook.webhookId());
        }
        try {
            commands.sendAndWait(((WebhookAction.Send) action).command(), metaData);
            return new WebhookOutcome(type, cid, WebhookOutcome.Result.APPLIED, null);
        } catch (RuntimeException e) {
            Optional<ErrorDetails> refusal = MeetingException.detailsOf(e);
            if (refusal.isEmpty() || MeetingException.isConcurrentChange(e)) {
                throw e;
            }
            LOG.info("webhook {} ({} for {}) refused: {}", webhook.webhookId(), type, cid, refusal.get().message());
            return new WebhookOutcome(type, cid, WebhookOutcome.Result.REJECTED, refusal.get().message());
        }
    }
}
