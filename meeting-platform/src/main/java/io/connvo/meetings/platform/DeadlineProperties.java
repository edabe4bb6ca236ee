package io.connvo.meetings.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The persistent deadline scheduler (db-scheduler on the application's DataSource, table {@code scheduled_tasks}).
 *
 * @param pollingInterval how often due deadlines are looked for; a deadline fires at most this late (default 2s)
 * @param threads         deadlines executed in parallel (default 4)
 * @param shutdownMaxWait how long a stopping node waits for running deadlines (default 10s)
 * @param heartbeatInterval how often a node marks the deadlines it is running as alive (default 5s)
 * @param missedHeartbeatsLimit heartbeats a running deadline may miss before another node revives it (default 4):
 *                          a deadline that was running when its node crashed fires again about
 *                          {@code heartbeatInterval × missedHeartbeatsLimit} later (db-scheduler's own default is
 *                          half an hour)
 */
@ConfigurationProperties("connvo.deadlines")
public record DeadlineProperties(Duration pollingInterval, Integer threads, Duration shutdownMaxWait,
                                 Duration heartbeatInterval, Integer missedHeartbeatsLimit) {

    public DeadlineProperties {
        pollingInterval = pollingInterval == null ? Duration.ofSeconds(2) : pollingInterval;
        threads = threads == null ? 4 : threads;
        shutdownMaxWait = shutdownMaxWait == null ? Duration.ofSeconds(10) : shutdownMaxWait;
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(5) : heartbeatInterval;
        missedHeartbeatsLimit = missedHeartbeatsLimit == null ? 4 : missedHeartbeatsLimit;
    }
}
