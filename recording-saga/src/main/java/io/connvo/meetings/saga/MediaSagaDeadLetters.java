package io.connvo.meetings.saga;

import io.connvo.meetings.platform.DeadLetterQueues;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.springframework.stereotype.Component;

/**
 * Gives the media saga the dead-letter queue of its group ({@link DeadLetterQueues#sagaManager}): a meeting whose
 * saga step keeps failing waits alone, every other meeting's media goes on. The saga is associated by
 * {@code meetingId} only, so the meeting is a sound dead-letter sequence.
 */
@Component
class MediaSagaDeadLetters implements ConfigurerModule {

    private final DeadLetterQueues queues;

    MediaSagaDeadLetters(DeadLetterQueues queues) {
        this.queues = queues;
    }

    @Override
    public void configureModule(Configurer configurer) {
        configurer.eventProcessing().registerSaga(MediaSaga.class,
                saga -> saga.configureSagaManager(configuration -> queues.sagaManager(configuration, MediaSaga.class,
                        MediaSaga::mayConcernASaga)));
    }

    /** After Spring's registration of the {@code @Saga}, which this one replaces (the last registration wins). */
    @Override
    public int order() {
        return 1;
    }
}
