package io.connvo.meetings.command;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * What an application gets when it imports {@link CommandModule}: the aggregate, the audit's query handlers and the
 * bus configuration.
 */
class CommandModuleTest {

    @Test
    void scanFindsTheAggregateAsPrototypeTheAuditAndTheConfiguration() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(EventStore.class, () -> mock(EventStore.class));
            context.register(CommandModule.class);
            context.refresh();
            assertThat(context.getBeanNamesForType(Meeting.class)).hasSize(1);
            assertThat(context.isPrototype(context.getBeanNamesForType(Meeting.class)[0])).isTrue();
            assertThat(context.getBeanNamesForType(MeetingAudit.class)).hasSize(1);
            assertThat(context.getBeansOfType(ConfigurerModule.class)).containsKey("deadlineCorrelationModule");
            assertThat(context.containsBean("failureTranslation")).isTrue();
        }
    }
}
