package io.connvo.meetings.command;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * What an application gets when it imports {@link CommandModule}: the aggregate, the audit's query handlers, the bus
 * configuration and the index of guard deadlines (on the application's database).
 */
class CommandModuleTest {

    @Test
    void scanFindsTheAggregateAsPrototypeTheAuditTheConfigurationAndTheGuardIndex() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(EventStore.class, () -> mock(EventStore.class));
            context.registerBean(JdbcClient.class, () -> JdbcClient.create(new JdbcDataSource()));
            context.register(CommandModule.class);
            context.refresh();
            assertThat(context.getBeanNamesForType(Meeting.class)).hasSize(1);
            assertThat(context.getBean(GuardSchedules.class)).isInstanceOf(JdbcGuardSchedules.class);
            assertThat(context.isPrototype(context.getBeanNamesForType(Meeting.class)[0])).isTrue();
            assertThat(context.getBeanNamesForType(MeetingAudit.class)).hasSize(1);
            assertThat(context.getBeansOfType(ConfigurerModule.class)).containsKey("deadlineCorrelationModule");
            assertThat(context.containsBean("failureTranslation")).isTrue();
        }
    }
}
