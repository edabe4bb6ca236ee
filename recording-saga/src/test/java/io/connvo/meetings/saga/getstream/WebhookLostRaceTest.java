package io.connvo.meetings.saga.getstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.command.ConfirmRecordingStopped;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.webhook.HandleGetStreamWebhook;
import io.connvo.meetings.api.webhook.WebhookOutcome;
import io.connvo.meetings.platform.ConflictRetryScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A webhook whose meeting command loses a race, on one real command bus as in the standalone process: the gateway
 * sends the webhook with the one retry policy ({@link ConflictRetryScheduler}), and the meeting's command is retried
 * only as part of the whole webhook, always inside the webhook's unit of work (so that its events commit with it).
 */
class WebhookLostRaceTest {

    private static final String STOPPED = "{\"type\":\"call.recording_stopped\",\"call_cid\":\"default:meeting_1\","
            + "\"egress_id\":\"e1\",\"created_at\":\"2025-01-01T00:00:00Z\"}";

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
    /** For each time the meeting handled the command: the payload of the unit of work it ran in at the root. */
    private final List<Object> handledWithin = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        retries.shutdownNow();
    }

    @Test
    void aLostRaceIsRetriedWithTheWholeWebhookInsideItsUnitOfWork() throws Exception {
        new AnnotationCommandHandlerAdapter<>(new GetStreamWebhooks(commandBus)).subscribe(commandBus);
        commandBus.subscribe(ConfirmRecordingStopped.class.getName(), command -> {
            handledWithin.add(CurrentUnitOfWork.get().root().getMessage().getPayload());
            if (handledWithin.size() == 1) {
                throw MeetingException.concurrentChange(); // as the event store refuses a stale append
            }
            return 2L;
        });
        CommandGateway gateway = ConflictRetryScheduler.commandGateway(commandBus, retries, 3, Duration.ofMillis(10));

        WebhookOutcome outcome = gateway.<WebhookOutcome>send(new HandleGetStreamWebhook("wh-1", STOPPED))
                .get(10, TimeUnit.SECONDS);

        assertThat(outcome.result()).isEqualTo(WebhookOutcome.Result.APPLIED);
        assertThat(handledWithin).hasSize(2).allSatisfy(root -> assertThat(root).isInstanceOf(HandleGetStreamWebhook.class));
    }
}
