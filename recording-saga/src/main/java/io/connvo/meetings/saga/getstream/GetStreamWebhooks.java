package io.connvo.meetings.saga.getstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.webhook.HandleGetStreamWebhook;
import io.connvo.meetings.api.webhook.WebhookOutcome;
import io.connvo.meetings.platform.CorrelationMetadata;
import java.util.Optional;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Handles the GetStream webhooks the gateway hands on: maps each to the meeting's command and sends it, naming the
 * webhook in the command's metadata so that the meeting applies it at most once. Answers when the meeting has
 * answered, so that the gateway records the delivery only once it was handled.
 * <p>
 * The meeting's command is dispatched on the command bus as part of this handler's unit of work, with no retry policy
 * of its own: the webhook as a whole is what the gateway sends again after a lost race ({@code ConflictRetryScheduler}).
 * Where the meeting is local (Axon's SimpleCommandBus) the command runs on this thread in a nested unit of work, so no
 * other thread is waited for and its events commit with the webhook's; a retry from in here would run on the retry
 * thread, outside this unit of work. Behind Axon Server the wait is one round trip to the command service.
 */
@Component
public class GetStreamWebhooks {

    static final UserId ACTOR = UserId.system("getstream-webhook");
    private static final Logger LOG = LoggerFactory.getLogger(GetStreamWebhooks.class);

    private final CommandBus commandBus;

    public GetStreamWebhooks(CommandBus commandBus) {
        this.commandBus = commandBus;
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
        MetaData metaData = MetaData.with(CorrelationMetadata.ACTOR, ACTOR.value());
        if (webhook.webhookId() != null) {
            metaData = metaData.and(HandleGetStreamWebhook.WEBHOOK_ID, webhook.webhookId());
        }
        CommandResultMessage<?> answer = dispatch(((WebhookAction.Send) action).command(), metaData);
        if (!answer.isExceptional()) {
            return new WebhookOutcome(type, cid, WebhookOutcome.Result.APPLIED, null);
        }
        Throwable failure = answer.exceptionResult();
        Optional<ErrorDetails> refusal = MeetingException.detailsOf(failure);
        if (refusal.isEmpty() || MeetingException.isConcurrentChange(failure)) {
            throw failure instanceof RuntimeException unchecked ? unchecked : new IllegalStateException(failure);
        }
        LOG.info("webhook {} ({} for {}) refused: {}", webhook.webhookId(), type, cid, refusal.get().message());
        return new WebhookOutcome(type, cid, WebhookOutcome.Result.REJECTED, refusal.get().message());
    }

    private CommandResultMessage<?> dispatch(Object command, MetaData metaData) {
        FutureCallback<Object, Object> answer = new FutureCallback<>();
        commandBus.dispatch(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData), answer);
        return answer.getResult(); // an interruption comes back as a failed result
    }
}
