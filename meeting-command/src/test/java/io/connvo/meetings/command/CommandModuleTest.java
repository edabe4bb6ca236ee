package io.connvo.meetings.command;

import org.axonframework.config.ConfigurerModule;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** What an application gets when it imports {@link CommandModule}: the aggregate and the bus configuration. */
class CommandModuleTest {

    @Test
    void scanFindsTheAggregateAsPrototypeAndTheConfigurerModule() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(CommandModule.class)) {
            assertThat(context.getBeanNamesForType(Meeting.class)).hasSize(1);
            assertThat(context.isPrototype(context.getBeanNamesForType(Meeting.class)[0])).isTrue();
            assertThat(context.getBeansOfType(ConfigurerModule.class)).containsKey("meetingNotFoundTranslationModule");
        }
    }
}
