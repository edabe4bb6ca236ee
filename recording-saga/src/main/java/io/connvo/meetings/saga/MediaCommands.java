package io.connvo.meetings.saga;

import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import io.connvo.meetings.api.UserId;
import io.connvo.meetings.platform.ConflictRetryScheduler;
import io.connvo.meetings.platform.CorrelationMetadata;
import io.connvo.meetings.platform.DaemonThreads;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * How the media saga reports outcomes: every command carries {@code actor=system:media-saga}; one that lost a race on
 * its meeting is sent again with backoff off the handler's thread ({@link ConflictRetryScheduler}, as the REST
 * gateway's are); a failure that remains is logged with the command, never dropped silently. An outcome of a call
 * whose command could not be delivered is not lost either: the call's safety deadline makes the call again.
 */
@Component
public class MediaCommands implements DisposableBean {

    public static final UserId ACTOR = UserId.system("media-saga");
    private static final Logger log = LoggerFactory.getLogger(MediaCommands.class);

    private final ScheduledExecutorService retryExecutor;
    private final CommandGateway gateway;

    public MediaCommands(CommandBus commandBus, MediaSagaProperties properties) {
        this.retryExecutor = DaemonThreads.scheduler("media-saga-dispatch-retry");
        this.gateway = ConflictRetryScheduler.commandGateway(commandBus, retryExecutor, properties.dispatchRetries(),
                properties.dispatchBackoff());
    }

    public void send(Object command) {
        CommandMessage<Object> message = GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(CorrelationMetadata.ACTOR, ACTOR.value()));
        gateway.send(message, (sent, result) -> {
            if (result.isExceptional()) {
                log.error("Media saga command {} was not accepted: {}", command, result.exceptionResult().toString(),
                        result.exceptionResult());
            } else {
                log.debug("Media saga command {} accepted", command);
            }
        });
    }

    @Override
    public void destroy() {
        retryExecutor.shutdownNow();
    }
}
