package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Text;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates a meeting hosted by {@code hostId}. The gateway generates the id and reads {@code tier} from the creator's
 * token; {@code maxParticipants} null means the default of 10; {@code maxDurationMinutes} null means the configured
 * maximum meeting duration, which also bounds it.
 */
public record CreateMeeting(@TargetAggregateIdentifier MeetingId meetingId, UserId hostId, String title, String description, Instant scheduledAt, Integer maxParticipants, boolean recordingRequested, Tier tier, Integer maxDurationMinutes) {

    /** The longest title, in characters after stripping surrounding white space. */
    public static final int TITLE_MAX = 200;
    /** The longest description, in characters after stripping surrounding white space. */
    public static final int DESCRIPTION_MAX = 2000;
    /** The largest {@code maxParticipants} a meeting may ask for, before the provider's cap. */
    public static final int MAX_PARTICIPANTS_LIMIT = 1000;

    /** Client text obeys the input policy however the command is built, not only behind the gateway. */
    public CreateMeeting {
        Text.line("title", title);
        Text.multiline("description", description);
    }
}
