package io.connvo.meetings.platform;

import java.util.Optional;
import java.util.function.Predicate;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.SagaConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.modelling.saga.AbstractSagaManager;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.SagaManagerSpanFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Gives each configured processing group Axon's sequenced dead-letter queue in {@code dead_letter_entry} (V1_11),
 * sequenced per meeting (the aggregate id, Axon's default sequencing policy), with Jackson for payloads, metadata,
 * tokens and diagnostics. The enqueue policy counts attempts in the letter's diagnostics; {@link DeadLetterRetrier}
 * retries a letter until {@link DeadLetterProperties#maxAttempts()}, after which it is parked for an administrator.
 * A replay clears the group's letters: the view is rebuilt from every event anyway. A saga's group gets the same queue
 * through {@link #sagaManager}, which its module registers (Axon wires dead letters to event handlers only).
 */
@Component
public class DeadLetterQueues implements ConfigurerModule {

    /** Diagnostics key: how many times the letter's event has failed. */
    public static final String ATTEMPTS = "attempts";

    static final DeadLetterSchema SCHEMA = DeadLetterSchema.builder()
            .deadLetterTable("dead_letter_entry")
            .deadLetterIdentifierColumn("dead_letter_id")
            .processingGroupColumn("processing_group")
            .sequenceIdentifierColumn("sequence_identifier")
            .sequenceIndexColumn("sequence_index")
            .messageTypeColumn("message_type")
            .eventIdentifierColumn("event_identifier")
            .timestampColumn("time_stamp")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .aggregateTypeColumn("aggregate_type")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .tokenTypeColumn("token_type")
            .tokenColumn("token")
            .enqueuedAtColumn("enqueued_at")
            .lastTouchedColumn("last_touched")
            .processingStartedColumn("processing_started")
            .causeTypeColumn("cause_type")
            .causeMessageColumn("cause_message")
            .diagnosticsColumn("diagnostics")
            .build();

    private final DeadLetterProperties properties;
    private final ConnectionProvider connectionProvider;
    private final Serializer serializer;
    private final Serializer eventSerializer;
    private final TransactionManager nested;
    private final PlatformTransactionManager transactionManager;

    DeadLetterQueues(DeadLetterProperties properties, ConnectionProvider connectionProvider, Serializer serializer,
                     @Qualifier("eventSerializer") Serializer eventSerializer,
                     PlatformTransactionManager transactionManager) {
        this.properties = properties;
        this.connectionProvider = connectionProvider;
        this.serializer = serializer;
        this.eventSerializer = eventSerializer;
        this.transactionManager = transactionManager;
        // A retried letter runs in a unit of work inside the retry's own: NESTED gives each letter a savepoint,
        // so one letter failing again neither marks the whole retry rollback-only nor loses its requeue.
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.nested = new SpringTransactionManager(transactionManager, definition);
    }

    @Override
    public void configureModule(Configurer configurer) {
        configurer.eventProcessing(processing -> {
            processing.registerDefaultDeadLetterPolicy(configuration -> DeadLetterQueues::decide);
            processing.registerDeadLetterQueueProvider(group -> properties.processingGroups().contains(group)
                    ? configuration -> queue(group) : null);
            properties.processingGroups().forEach(group -> processing.registerDeadLetteringEventHandlerInvokerConfiguration(
                    group, (configuration, builder) -> builder.transactionManager(nested)
                            .allowReset(true)
                            .enableSequenceIdentifierCache()));
        });
    }

    /** The group's queue; a new instance shares the table and the group's letters with every other. */
    public JdbcSequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        return JdbcSequencedDeadLetterQueue.builder()
                .processingGroup(group)
                .connectionProvider(connectionProvider)
                .transactionManager(nested)
                .schema(SCHEMA)
                .genericSerializer(serializer)
                .eventSerializer(eventSerializer)
                .claimDuration(properties.claimDuration())
                .maxSequences(properties.maxSequences())
                .maxSequenceSize(properties.maxSequenceSize())
                .build();
    }

    /**
     * The manager of {@code sagaType} for {@code configureSagaManager}: Axon's own, but with its group's queue
     * ({@link DeadLetteringSagaManager}) when the group is dead-lettered. It takes only the events
     * {@code mayConcernASaga} lets through: for any other, its processor opens no unit of work, looks up no saga and
     * commits nothing (Axon would for every event of a type the saga has a handler for).
     */
    public <T> AbstractSagaManager<T> sagaManager(Configuration configuration, Class<T> sagaType,
                                                  Predicate<EventMessage<?>> mayConcernASaga) {
        EventProcessingConfiguration processing = configuration.eventProcessingConfiguration();
        SagaConfiguration<T> saga = processing.sagaConfiguration(sagaType);
        AnnotatedSagaManager.Builder<T> manager = AnnotatedSagaManager.<T>builder()
                .sagaType(sagaType)
                .sagaRepository(saga.repository())
                .parameterResolverFactory(configuration.parameterResolverFactory())
                .handlerDefinition(configuration.handlerDefinition(sagaType))
                .listenerInvocationErrorHandler(processing.listenerInvocationErrorHandler(saga.processingGroup()))
                .spanFactory(configuration.getComponent(SagaManagerSpanFactory.class));
        String group = saga.processingGroup();
        if (!properties.processingGroups().contains(group)) {
            return new AnnotatedSagaManager<>(manager) {
                @Override
                public boolean canHandle(EventMessage<?> event, Segment segment) {
                    return mayConcernASaga.test(event) && super.canHandle(event, segment);
                }
            };
        }
        DeadLetteringEventHandlerInvoker.Builder letters = DeadLetteringEventHandlerInvoker.builder()
                .queue(processing.deadLetterQueue(group).orElseThrow())
                .enqueuePolicy(processing.deadLetterPolicy(group).orElseThrow())
                .sequencingPolicy(processing.sequencingPolicy(group))
                .transactionManager(nested)
                .enableSequenceIdentifierCache();
        return new DeadLetteringSagaManager<>(manager, letters, transactionManager, mayConcernASaga);
    }

    /** What retries a group's letters: its dead-lettering event handler invoker, or its dead-lettering saga manager. */
    @SuppressWarnings("unchecked")
    public static Optional<SequencedDeadLetterProcessor<EventMessage<?>>> processor(EventProcessingConfiguration processing,
                                                                                    String group) {
        return processing.sequencedDeadLetterProcessor(group).or(() -> processing.sagaConfigurations().stream()
                .filter(saga -> saga.processingGroup().equals(group))
                .map(SagaConfiguration::manager)
                .filter(SequencedDeadLetterProcessor.class::isInstance)
                .map(manager -> (SequencedDeadLetterProcessor<EventMessage<?>>) manager)
                .findFirst());
    }

    /** Failures a letter's event has had so far (0 for an event parked only behind an earlier one). */
    public static int attempts(DeadLetter<?> letter) {
        Object value = letter.diagnostics().get(ATTEMPTS);
        return value instanceof Number number ? number.intValue() : 0;
    }

    /** The meeting a letter belongs to. */
    public static String sequence(DeadLetter<?> letter) {
        return letter instanceof JdbcDeadLetter<?> jdbc ? jdbc.getSequenceIdentifier() : null;
    }

    /**
     * Every failure is dead-lettered (only its meeting waits), with one more attempt counted and a cause that the
     * database can store: Axon's length limit, and no NUL, which PostgreSQL text refuses (a poison event's cause
     * may quote the very value that made it fail).
     */
    private static EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter,
                                                           Throwable cause) {
        ThrowableCause truncated = ThrowableCause.truncated(cause);
        ThrowableCause storable = new ThrowableCause(truncated.type(),
                Optional.ofNullable(truncated.message()).map(m -> m.replace('\u0000', '\uFFFD')).orElse(null));
        int attempts = attempts(letter) + 1;
        return Decisions.enqueue(storable, l -> l.diagnostics().and(ATTEMPTS, attempts));
    }
}
