package io.connvo.meetings.saga;

/**
 * Payload of a media saga retry deadline: which step to try again, which attempt that will be, and for a recording's
 * steps which recording, for a membership change which one. The saga acts on it only while it is still the step's
 * next attempt (see {@code MediaSaga.isNextAttempt}): a retry the call runner scheduled cannot be cancelled, as its id
 * never reaches the saga.
 *
 * @param recordingId  the recording a start or stop retry is for; null for the other steps, and in deadlines stored
 *                     before it was added
 * @param memberChange the membership change a membership retry is for; null for the other steps
 */
public record RetryDue(String step, int attempt, String recordingId, MemberChange memberChange) {

    public RetryDue(String step, int attempt, String recordingId) {
        this(step, attempt, recordingId, null);
    }

    /** The {@code number}th membership change of the meeting, which concerns {@code userId}. */
    public record MemberChange(String userId, int number) {
    }
}
