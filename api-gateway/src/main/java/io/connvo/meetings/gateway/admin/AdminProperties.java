package io.connvo.meetings.gateway.admin;

import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin endpoints ({@code connvo.admin.*}).
 *
 * @param replayableProjections processing groups an admin may replay (default {@code meeting-view,
 *                              recording-view}); never list a saga's group: a replay must not call GetStream or
 *                              send commands (Axon refuses to reset saga processors anyway)
 */
@ConfigurationProperties("connvo.admin")
public record AdminProperties(@DefaultValue({"meeting-view", "recording-view"}) Set<String> replayableProjections) {

    public AdminProperties {
        replayableProjections = replayableProjections == null ? Set.of() : Set.copyOf(replayableProjections);
    }
}
