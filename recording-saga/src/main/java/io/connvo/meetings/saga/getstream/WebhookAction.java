package io.connvo.meetings.saga.getstream;

/** What one GetStream event asks of us: a command for the meeting, or nothing. */
sealed interface WebhookAction {

    /** Not ours to act on: an unknown event type, or a call that is not a meeting's. */
    record Ignore(String reason) implements WebhookAction {
    }

    record Send(Object command) implements WebhookAction {
    }
}
