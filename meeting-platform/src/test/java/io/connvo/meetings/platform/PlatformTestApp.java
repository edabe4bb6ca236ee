package io.connvo.meetings.platform;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * A Spring Boot application made of the platform module and the test aggregate, started on a given database. It
 * imports what it needs and is no component itself, so the platform module's scan of this package leaves it alone.
 */
@EnableAutoConfiguration
@Import({PlatformModule.class, Alarm.class, PlatformTestApp.AlarmLog.class})
public class PlatformTestApp {

    static ConfigurableApplicationContext start(String jdbcUrl, String user, String password, String... more) {
        return new SpringApplicationBuilder(PlatformTestApp.class)
                .properties(more)
                .properties(
                        "spring.main.web-application-type=none",
                        "spring.main.banner-mode=off",
                        "spring.datasource.url=" + jdbcUrl,
                        "spring.datasource.username=" + user,
                        "spring.datasource.password=" + password,
                        "axon.axonserver.enabled=false",
                        "connvo.deadlines.polling-interval=100ms")
                .run();
    }

    /** A projection-like handler, so that a pooled streaming processor claims tokens in the token store. */
    @ProcessingGroup("alarm-view")
    public static class AlarmLog {

        final List<Object> seen = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(Alarm.AlarmSet event) {
            seen.add(event);
        }

        @EventHandler
        void on(Alarm.AlarmRang event) {
            seen.add(event);
        }
    }
}
