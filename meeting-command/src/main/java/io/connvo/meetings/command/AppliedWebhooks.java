package io.connvo.meetings.command;

import io.connvo.meetings.api.webhook.HandleGetStreamWebhook;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateLifecycle;

/**
 * The GetStream webhooks a meeting has applied, read from the {@link HandleGetStreamWebhook#WEBHOOK_ID} metadata of
 * its events. A webhook that applied nothing is not remembered: it had no effect, so applying a redelivery of it
 * later is still its first effect.
 */
class AppliedWebhooks {

    private final Set<String> ids = new HashSet<>();

    /** Applies a meeting's event; while handling a webhook's command, the event names the webhook. */
    static void apply(Object event) {
        Object webhookId = CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().getMessage() instanceof CommandMessage<?> command
                ? command.getMetaData().get(HandleGetStreamWebhook.WEBHOOK_ID) : null;
        AggregateLifecycle.apply(event, webhookId == null ? MetaData.emptyInstance()
                : MetaData.with(HandleGetStreamWebhook.WEBHOOK_ID, webhookId));
    }

    @EventSourcingHandler
    void on(Object event, @MetaDataValue(HandleGetStreamWebhook.WEBHOOK_ID) String webhookId) {
        if (webhookId != null) {
            ids.add(webhookId);
        }
    }

    boolean contains(String webhookId) {
        return ids.contains(webhookId);
    }
}
