package io.connvo.meetings.api.admin;

/**
 * Rebuild a projection from the event store. Handled by one node running the projection's processor; answers that
 * node's {@link ProjectionStatus} at the start of the replay.
 */
public record ReplayProjection(Projection projection) implements AdminMessage {
}
