package io.connvo.meetings.api.admin;

/**
 * How far a projection's processor is, as one node sees it. Sent as a scatter-gather query: every node running the
 * processor answers for the segments it holds, and the sender merges the answers.
 */
public record GetProjectionStatus(Projection projection) implements AdminMessage {
}
