package io.connvo.meetings.query;

import io.connvo.meetings.platform.DeadLetterProperties;
import io.connvo.meetings.platform.ViewProgress;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The query side: the {@code meeting-view} and {@code recording-view} projections (tables from the
 * {@code V2_x} migrations) and the handlers of {@code GetMeeting}, {@code ListRecordings} and {@code GetRecording}.
 * Needs Spring's {@code JdbcClient} and {@code NamedParameterJdbcOperations}, Axon's {@code QueryUpdateEmitter}
 * and the platform's {@code ReplayBatches}. Its {@code admin} package answers the
 * projection administration messages (status, replay, dead letters). A gateway in the same process waits for the
 * views through their {@link ViewProgress}.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties(DeadLetterProperties.class) // the dead-letter settings, also without PlatformModule
public class QueryModule {

    /** The progress of each view, for the waits of a gateway in the same process. */
    @Configuration(proxyBeanMethods = false)
    public static class ViewProgresses {

        @Bean(ViewProgress.MEETING_VIEW)
        ViewProgress meetingViewProgress() {
            return new ViewProgress();
        }

        @Bean(ViewProgress.RECORDING_VIEW)
        ViewProgress recordingViewProgress() {
            return new ViewProgress();
        }
    }
}
