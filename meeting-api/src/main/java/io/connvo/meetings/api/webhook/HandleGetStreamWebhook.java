package io.connvo.meetings.api.webhook;

/**
 * A GetStream webhook whose signature the gateway has verified and whose id it has not handled yet, handed on to
 * the GetStream adapter, which maps it to the meeting's commands. Answered with a {@link WebhookOutcome}; a body
 * the adapter cannot read is a VALIDATION_ERROR naming the field.
 *
 * @param webhookId the delivery's {@code X-Webhook-Id}, or null when GetStream sent none
 * @param body      the raw body, already checked to be UTF-8
 */
public record HandleGetStreamWebhook(String webhookId, String body) {

    /**
     * Metadata naming the webhook on the commands it leads to and on the events they apply: a meeting applies each
     * webhook at most once, also when a crash between handling and recording a delivery lets GetStream redeliver it.
     */
    public static final String WEBHOOK_ID = "webhookId";
}
