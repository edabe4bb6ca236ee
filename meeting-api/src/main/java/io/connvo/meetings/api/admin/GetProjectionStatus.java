package io.connvo.meetings.api.admin;

/**
 * How far a projection's processor is, as one instance sees it. Sent as a scatter-gather query: every service
 * running the processor answers (Axon Server asks one instance of each) for the segments its instance holds, and the
 * sender merges the answers.
 */
public record GetProjectionStatus(Projection projection) implements AdminMessage {
}
