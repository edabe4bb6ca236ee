package io.connvo.meetings.gateway.web;

import io.connvo.meetings.platform.ConflictRetryScheduler;
import io.connvo.meetings.platform.DaemonThreads;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The command gateway of an application with the REST gateway: a command that lost a race on the same meeting
 * against another node is sent again ({@link ConflictRetryScheduler}); every other failure is returned at once.
 */
@Configuration(proxyBeanMethods = false)
class CommandRetryConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService commandRetryExecutor() {
        return DaemonThreads.scheduler("command-conflict-retry");
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor,
                                  ConsistencyProperties properties) {
        return ConflictRetryScheduler.commandGateway(commandBus, commandRetryExecutor, properties.conflictRetries(),
                properties.conflictRetryInterval());
    }
}
