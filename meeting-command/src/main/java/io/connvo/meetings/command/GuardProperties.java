package io.connvo.meetings.command;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The time limits a meeting keeps by itself ({@code connvo.guards.*}). Each is a persistent deadline of the
 * meeting, scheduled when the limit starts to run; what it does is audited with the actor
 * {@code system:meeting-guard}. A limit of 0 turns its guard off.
 *
 * @param maxMeetingDuration    an active meeting ends this long after it started (default 4h)
 * @param emptyRoomTimeout      an active meeting ends after nobody has been present this long (default 15m)
 * @param noShowGrace           a scheduled meeting not started this long after its scheduled time (its creation
 *                              when it has none) is cancelled (default 24h)
 * @param recordingStartTimeout a recording still starting this long after it was asked for fails (default 60s)
 * @param maxRecordingDuration  a recording active this long is stopped (default 3h)
 */
@ConfigurationProperties("connvo.guards")
public record GuardProperties(
        @DefaultValue("4h") Duration maxMeetingDuration,
        @DefaultValue("15m") Duration emptyRoomTimeout,
        @DefaultValue("24h") Duration noShowGrace,
        @DefaultValue("60s") Duration recordingStartTimeout,
        @DefaultValue("3h") Duration maxRecordingDuration) {

    /** The documented defaults. */
    public static GuardProperties defaults() {
        return new GuardProperties(Duration.ofHours(4), Duration.ofMinutes(15), Duration.ofHours(24),
                Duration.ofSeconds(60), Duration.ofHours(3));
    }

    /** Every guard off. */
    public static GuardProperties off() {
        return new GuardProperties(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }
}
