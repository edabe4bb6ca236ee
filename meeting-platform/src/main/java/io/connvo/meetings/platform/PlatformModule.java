package io.connvo.meetings.platform;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What every Connvo service shares: Jackson 2 serializers for Axon, the JDBC event, token and saga stores on the
 * Spring DataSource (tables by the Flyway migrations in db/migration, V1_x), the db-scheduler deadline manager,
 * pooled streaming processors by default, and correlation metadata.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties({DeadlineProperties.class, TokenStoreProperties.class, NodeProperties.class,
        DeadLetterProperties.class, SegmentBalancingProperties.class})
public class PlatformModule {

    /** Axon's bus and processor meters, each gauge registered once ({@link AxonMeters}); Axon's own bean backs off. */
    @Bean
    public GlobalMetricRegistry globalMetricRegistry(MeterRegistry meterRegistry) {
        return new AxonMeters(meterRegistry);
    }

    // --- serializers: these three beans stop Axon from building its own (XStream by default)

    @Bean
    @Primary
    public Serializer serializer() {
        return AxonSerializers.jackson();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer() {
        return AxonSerializers.jackson();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer() {
        return AxonSerializers.jackson();
    }

    /**
     * Axon's own auto-configuration orders itself after Boot 3's transaction auto-configuration, which moved in
     * Boot 4, and falls back to no transactions; bind Axon's units of work to Spring's transactions explicitly
     * (queries excepted: {@link QueriesWithoutTransactions}).
     */
    @Bean
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new QueriesWithoutTransactions(transactionManager);
    }

    // --- JDBC stores; table and column names match V1_1__axon_infrastructure.sql
    //
    // Built here, not by Axon's JdbcAutoConfiguration: that one requires a DataSource bean but is ordered only after
    // Boot 3's auto-configuration names, so under Boot 4 it runs before DataSourceAutoConfiguration and never applies.
    // Ordering it later would not pay: its token store takes no node id, its event engine none of the settings below,
    // and its dead-letter queue provider replaces DeadLetterQueues' (the standalone application then fails to start).

    /** Static, as a post-processor: an interrupted thread cannot close an embedded H2 file store. */
    @Bean
    public static InterruptSafeH2 interruptSafeH2() {
        return new InterruptSafeH2();
    }

    /**
     * Connections of the Spring transaction that every unit of work runs in (see axonTransactionManager). Not wrapped
     * in Axon's UnitOfWorkAwareConnectionProviderWrapper: that wrapper closes its connection again when the unit of
     * work is cleaned up, after the transaction has already given it back to the pool, and HikariCP's second close
     * then clears the open-statement list of whichever thread has borrowed the connection meanwhile (an
     * ArrayIndexOutOfBoundsException in the embedded event store's reader, or statements left open).
     */
    @Bean
    public ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    @Bean
    public EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    /**
     * SQLSTATE of a unique key violation (PostgreSQL and H2). Two nodes appending the same meeting's next sequence
     * number collide on the (aggregate, sequence) key; recognising it makes Axon raise a ConcurrencyException.
     * The error-code based JdbcSQLErrorCodesResolver misses it on PostgreSQL (error code 0, state 23505).
     */
    private static final String UNIQUE_VIOLATION = "23505";

    /** Bean name axonServerHealthIndicator: health component {@code axonServer}. */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true", matchIfMissing = true)
    public AxonServerHealthIndicator axonServerHealthIndicator(AxonServerConnectionManager connectionManager,
                                                               AxonServerConfiguration axonServerConfiguration) {
        return new AxonServerHealthIndicator(connectionManager, axonServerConfiguration);
    }

    /**
     * Event processing that lets the service start while Axon Server is unreachable (Spring Boot's own
     * EventProcessingModule then steps back).
     */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true", matchIfMissing = true)
    public AxonServerTolerantEventProcessing eventProcessingModule(
            ObjectProvider<AxonServerConnectionManager> connectionManager) {
        return new AxonServerTolerantEventProcessing(() -> {
            AxonServerConnectionManager connections = connectionManager.getObject();
            return connections.isConnected(connections.getDefaultContext());
        });
    }

    /** The event store of a node without Axon Server; with Axon Server enabled, Axon Server is the event store. */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    public EventStorageEngine eventStorageEngine(Serializer serializer,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 EventSchema eventSchema) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(new SQLStateResolver(UNIQUE_VIOLATION))
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .readEventDataWithGaps(new IndexedGapQuery())
                .dataType(byte[].class) // written with setObject(byte[]): BYTEA on PostgreSQL and H2
                .build();
    }

    /**
     * Axon's embedded event store on that engine, with streams that signal new events to the pooled streaming
     * processors instead of leaving them to poll every 500 ms (see {@link NotifyingEventStore}).
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                         org.axonframework.config.Configuration configuration) {
        return new NotifyingEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class)));
    }

    @Bean
    public TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer,
                                 TokenStoreProperties tokenStoreProperties, NodeProperties node) {
        return JdbcTokenStore.builder()
                .nodeId(node.id())
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(TokenSchema.builder()
                        .setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp")
                        .setOwnerColumn("owner")
                        .build())
                .claimTimeout(tokenStoreProperties.getClaimTimeout())
                .contentType(byte[].class)
                .build();
    }

    @Bean
    public JdbcSagaStore sagaStore(ConnectionProvider connectionProvider, Serializer serializer) {
        SagaSchema schema = SagaSchema.builder()
                .sagaEntryTable("saga_entry")
                .sagaIdColumn("saga_id")
                .sagaTypeColumn("saga_type")
                .revisionColumn("revision")
                .serializedSagaColumn("serialized_saga")
                .associationValueEntryTable("association_value_entry")
                .associationKeyColumn("association_key")
                .associationValueColumn("association_value")
                .build();
        return JdbcSagaStore.builder()
                .connectionProvider(connectionProvider)
                .sqlSchema(new PostgresSagaSqlSchema(schema))
                .serializer(serializer)
                .build();
    }

    // --- persistent deadlines: db-scheduler on the same DataSource, table scheduled_tasks (V1_2)

    /**
     * Tasks are Axon's db-scheduler tasks (AxonDbSchedulerAutoConfiguration). The DataSource proxy lets a deadline
     * be scheduled in the transaction of the handler that schedules it.
     */
    @Bean
    public Scheduler dbScheduler(DataSource dataSource, List<Task<?>> tasks, DeadlineProperties properties,
                                 NodeProperties node) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                .schedulerName(new SchedulerName.Fixed(node.id()))
                .tableName("scheduled_tasks")
                .pollingInterval(properties.pollingInterval())
                .threads(properties.threads())
                .shutdownMaxWait(properties.shutdownMaxWait())
                .heartbeatInterval(properties.heartbeatInterval())
                .missedHeartbeatsLimit(properties.missedHeartbeatsLimit())
                .commitWhenAutocommitDisabled(false)
                .build();
    }

    @Bean
    public DbSchedulerLifecycle dbSchedulerLifecycle(Scheduler dbScheduler) {
        return new DbSchedulerLifecycle(dbScheduler);
    }

    @Bean
    public DbSchedulerDeadlineManager deadlineManager(Scheduler dbScheduler,
                                                      org.axonframework.config.Configuration configuration,
                                                      @Qualifier("eventSerializer") Serializer eventSerializer,
                                                      TransactionManager transactionManager,
                                                      DeadlineManagerSpanFactory spanFactory) {
        return new CancelTolerantDeadlineManager(dbScheduler, DbSchedulerDeadlineManager.builder()
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                .serializer(eventSerializer)
                .transactionManager(transactionManager)
                .spanFactory(spanFactory)
                .startScheduler(false) // DbSchedulerLifecycle starts it once Axon is running
                .stopScheduler(false));
    }

    // --- event processing and metadata

    /** Groups not configured under axon.eventhandling.processors.* get a pooled streaming processor too. */
    @Bean
    public ConfigurerModule pooledStreamingProcessorsByDefault() {
        return configurer -> configurer.eventProcessing(ep -> ep.usingPooledStreamingEventProcessors());
    }

    @Bean
    public SegmentBalancer segmentBalancer(DataSource dataSource, NodeProperties node,
                                           SegmentBalancingProperties properties,
                                           ObjectProvider<EventProcessingConfiguration> processing) {
        return new SegmentBalancer(dataSource, node, properties, processing);
    }

    /**
     * Every pooled processor holds at most its fair share of segments. (A default configuration like this one also
     * replaces Axon's head-of-stream start for sagas without processor settings; ours has them, under
     * axon.eventhandling.processors.)
     */
    @Bean
    public ConfigurerModule fairSegmentShares(SegmentBalancer balancer) {
        return configurer -> configurer.eventProcessing(ep -> ep.registerPooledStreamingEventProcessorConfiguration(
                (configuration, builder) -> builder.maxSegmentProvider(balancer)));
    }

    /** Bean name eventStoreHealthIndicator: health component {@code eventStore}. */
    @Bean
    public EventStoreRollbackGuard eventStoreHealthIndicator(ObjectProvider<EventProcessingConfiguration> processing,
                                                             org.axonframework.config.Configuration configuration) {
        return new EventStoreRollbackGuard(() -> processing.getObject().eventProcessors().values(),
                                           configuration::eventStore);
    }

    @Bean
    public CorrelationDataProvider correlationMetadata() {
        return new CorrelationMetadata();
    }
}
