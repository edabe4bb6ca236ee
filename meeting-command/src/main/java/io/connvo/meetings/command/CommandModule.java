package io.connvo.meetings.command;

import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The command side: the {@link Meeting} aggregate with its guards' limits, the audit queries answered from its events
 * ({@link MeetingAudit}), and on the command bus the translation of Axon's failures ({@link FailureTranslation}).
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties(GuardProperties.class)
public class CommandModule {

    /**
     * Deadlines run outside any command, so nothing would give the events a guard applies their correlation metadata:
     * the interceptor copies it (the guard's {@code actor} above all) from the deadline message, as the command bus
     * and the event processors do for theirs.
     */
    @Bean
    public ConfigurerModule deadlineCorrelationModule() {
        return configurer -> configurer.onInitialize(config -> config.onStart(Phase.LOCAL_MESSAGE_HANDLER_REGISTRATIONS,
                () -> config.deadlineManager().registerHandlerInterceptor(
                        new CorrelationDataInterceptor<>(config.correlationDataProviders()))));
    }

    /**
     * Wraps the local command bus (Axon's {@code SimpleCommandBus}: the application's command bus, or the local
     * segment behind Axon Server) in {@link FailureTranslation}.
     */
    @Bean
    public static BeanPostProcessor failureTranslation() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof SimpleCommandBus local ? new FailureTranslation(local) : bean;
            }
        };
    }
}
