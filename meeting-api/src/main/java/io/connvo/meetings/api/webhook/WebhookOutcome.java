package io.connvo.meetings.api.webhook;

/**
 * What became of one GetStream webhook.
 *
 * @param eventType the webhook's {@code type}
 * @param callCid   its {@code call_cid}, when it has one
 * @param result    what was done
 * @param reason    why it was ignored or rejected; null when applied
 */
public record WebhookOutcome(String eventType, String callCid, Result result, String reason) {

    public enum Result {
        /** Sent to the meeting, which accepted it (possibly as a no-op: late, repeated, or the meeting is over). */
        APPLIED,
        /** Nothing to do: an event type we do not handle, a call that is not a meeting's. */
        IGNORED,
        /** The meeting said no (an unknown meeting, a user who is not a participant): redelivering cannot help. */
        REJECTED
    }
}
