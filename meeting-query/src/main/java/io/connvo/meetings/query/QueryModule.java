package io.connvo.meetings.query;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The query side: the {@code meeting-view} and {@code recording-view} projections (tables from the
 * {@code V2_x} migrations) and the handlers of {@code GetMeeting}, {@code ListRecordings} and {@code GetRecording}.
 * Needs a {@code JdbcClient} and Axon's {@code QueryUpdateEmitter}.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
public class QueryModule {
}
