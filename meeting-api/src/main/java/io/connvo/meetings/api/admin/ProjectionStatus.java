package io.connvo.meetings.api.admin;

import java.time.Instant;

/**
 * A projection's processor as one node sees it, or as the merged answers of all nodes running it (gateway).
 *
 * @param name              the processing group
 * @param running           whether its processor runs on this node
 * @param replaying         whether a replay is under way (a segment still holds a replay token, or a replay started
 *                          here has not reached the head it started from)
 * @param position          the lowest event store position its claimed segments have reached; null if none claimed
 * @param head              the event store's head position now
 * @param claimedSegments   segments this node processes
 * @param totalSegments     segments the processor has in the token store
 * @param replayStartedAt   when the last replay started on this node (null if none since start-up)
 * @param replayCompletedAt when that replay was first seen complete
 * @param eventsReplayed    events the projection's handlers have re-processed in that replay
 * @param error             the failure of a segment in error, if any
 */
public record ProjectionStatus(String name, boolean running, boolean replaying, Long position, Long head,
                               int claimedSegments, int totalSegments, Instant replayStartedAt,
                               Instant replayCompletedAt, Long eventsReplayed, String error) {
}
