package io.connvo.meetings.command;

import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.platform.CorrelationMetadata;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;

/**
 * The payload of a guard deadline: what it was scheduled for, so that a deadline whose reason has passed (the
 * room filled again, the recording moved on) changes nothing when it fires.
 *
 * @param recordingId the recording a recording guard watches; null for the meeting's guards
 * @param since       when the room became empty, for the empty-room guard; null for the others
 */
public record GuardDue(RecordingId recordingId, Instant since) {

    /**
     * Schedules {@code guard} with this payload, due {@code limit} after {@code from}; the deadline message names the
     * guard as actor, so the events it leads to are audited as the guard's. A zero limit turns the guard off.
     *
     * @return the schedule id, or null when the guard is off
     */
    String schedule(DeadlineManager deadlines, String guard, Instant from, Duration limit) {
        if (limit.isZero() || limit.isNegative()) {
            return null;
        }
        return deadlines.schedule(from.plus(limit), guard,
                new GenericMessage<>(this, MetaData.with(CorrelationMetadata.ACTOR, Meeting.GUARD.value())));
    }
}
