package io.connvo.meetings.command;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.lifecycle.Phase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The command side: the {@link Meeting} aggregate and the NOT_FOUND translation on the command bus. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
public class CommandModule {

    /**
     * Registers {@link MeetingNotFoundTranslation} on whatever command bus the application runs (local, or the
     * local segment behind Axon Server). Done at start, when the bus exists, rather than while it is built.
     */
    @Bean
    public ConfigurerModule meetingNotFoundTranslationModule() {
        return configurer -> configurer.onInitialize(config -> config.onStart(Phase.LOCAL_MESSAGE_HANDLER_REGISTRATIONS,
                () -> config.commandBus().registerHandlerInterceptor(new MeetingNotFoundTranslation())));
    }
}
