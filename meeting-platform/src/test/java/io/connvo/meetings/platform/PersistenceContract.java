package io.connvo.meetings.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.connvo.meetings.platform.Alarm.AlarmRang;
import io.connvo.meetings.platform.Alarm.AlarmSet;
import io.connvo.meetings.platform.Alarm.SetAlarm;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.xml.XStreamSerializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The platform's persistence on one database: migrations, event store, token store, saga store and deadlines
 * surviving a restart. Subclasses supply the database; the application context is shared by the tests and
 * replaced by the restart test, which runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PersistenceContract {

    ConfigurableApplicationContext context;

    abstract ConfigurableApplicationContext startApplication();

    /** The column type name the database reports for a BYTEA column. */
    abstract String binaryColumnType();

    ConfigurableApplicationContext context() {
        if (context == null) {
            context = startApplication();
        }
        return context;
    }

    JdbcClient jdbc() {
        return JdbcClient.create(context().getBean(javax.sql.DataSource.class));
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    @Order(1)
    void migrationsCreateBinaryPayloadsAndAnIdentityWithIncrementOne() {
        List<Map<String, Object>> columns = jdbc().sql("""
                        SELECT table_name, column_name, data_type FROM information_schema.columns
                        WHERE lower(column_name) IN ('payload', 'meta_data', 'token', 'serialized_saga', 'task_data',
                            'diagnostics')
                        """).query().listOfRows();
        assertThat(columns).hasSize(11).allSatisfy(column ->
                assertThat(column.get("data_type").toString()).as(column.toString()).isEqualToIgnoringCase(binaryColumnType()));

        Map<String, Object> globalIndex = jdbc().sql("""
                        SELECT is_identity, identity_increment FROM information_schema.columns
                        WHERE lower(table_name) = 'domain_event_entry' AND lower(column_name) = 'global_index'
                        """).query().singleRow();
        assertThat(globalIndex.get("is_identity").toString()).isIn("YES", "TRUE", "true");
        assertThat(globalIndex.get("identity_increment").toString()).isEqualTo("1");
    }

    @Test
    @Order(2)
    void wiringUsesTheJdbcStoresTheSpringTransactionManagerAndTheDbSchedulerDeadlineManager() {
        assertThat(context().getBean(org.axonframework.eventsourcing.eventstore.EventStorageEngine.class))
                .isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(context().getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
        assertThat(context().getBean(SagaStore.class)).isInstanceOf(JdbcSagaStore.class);
        assertThat(context().getBean(DeadlineManager.class)).isInstanceOf(DbSchedulerDeadlineManager.class);
        assertThat(context().getBean(TransactionManager.class)).isInstanceOf(SpringTransactionManager.class);
        org.axonframework.config.Configuration axon = context().getBean(org.axonframework.config.Configuration.class);
        assertThat(axon.deadlineManager()).isSameAs(context().getBean(DeadlineManager.class));
    }

    @Test
    @Order(2)
    void axonUsesTheJackson2SerializersForGeneralEventsAndMessagesNeverXStream() {
        org.axonframework.config.Configuration axon = context().getBean(org.axonframework.config.Configuration.class);
        for (Serializer serializer : List.of(axon.serializer(), axon.eventSerializer(), axon.messageSerializer())) {
            assertThat(serializer).isInstanceOf(JacksonSerializer.class);
            assertThat(((JacksonSerializer) serializer).getObjectMapper()
                    .isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isFalse();
        }
        assertThat(context().getBeansOfType(XStreamSerializer.class)).isEmpty();
        assertThat(context().getBeansOfType(com.thoughtworks.xstream.XStream.class)).isEmpty();
        assertThat(context().getBeansOfType(Serializer.class).values()).allMatch(JacksonSerializer.class::isInstance);
    }

    @Test
    @Order(3)
    void eventsAppendReadBackWithCorrelationMetadataAndGaplessGlobalIndex() {
        CommandGateway commands = context().getBean(CommandGateway.class);
        Long before = jdbc().sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry").query(Long.class).single();
        String[] ids = new String[5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "alarm-" + UUID.randomUUID();
            commands.sendAndWait(org.axonframework.commandhandling.GenericCommandMessage
                    .asCommandMessage(new SetAlarm(ids[i], Instant.now().plus(Duration.ofHours(1))))
                    .withMetaData(Map.of("actor", "user_1", "traceId", "trace-" + i)));
        }

        List<? extends DomainEventMessage<?>> events = context().getBean(EventStore.class).readEvents(ids[0], 0).asStream().toList();
        assertThat(events).hasSize(1);
        DomainEventMessage<?> event = events.get(0);
        assertThat(event.getPayload()).isInstanceOf(AlarmSet.class);
        assertThat(((AlarmSet) event.getPayload()).alarmId()).isEqualTo(ids[0]);
        MetaData metaData = event.getMetaData();
        assertThat(metaData).containsEntry(CorrelationMetadata.ACTOR, "user_1")
                .containsEntry(CorrelationMetadata.TRACE_ID, "trace-0")
                .containsKeys(CorrelationMetadata.CORRELATION_ID, CorrelationMetadata.CAUSATION_ID);
        assertThat(metaData.get(CorrelationMetadata.CORRELATION_ID)).isEqualTo(metaData.get(CorrelationMetadata.CAUSATION_ID));

        List<Long> indexes = jdbc().sql("SELECT global_index FROM domain_event_entry WHERE global_index > ? ORDER BY global_index")
                .param(before).query(Long.class).list();
        assertThat(indexes).containsExactly(before + 1, before + 2, before + 3, before + 4, before + 5);

        PlatformTestApp.AlarmLog log = context().getBean(PlatformTestApp.AlarmLog.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> log.seen.stream()
                .anyMatch(e -> e instanceof AlarmSet set && set.alarmId().equals(ids[4])));
        assertThat(jdbc().sql("SELECT count(*) FROM token_entry WHERE processor_name = 'alarm-view' AND token IS NOT NULL")
                .query(Long.class).single()).isPositive();
        try (var stream = context().getBean(EventStore.class).openStream(null)) {
            TrackedEventMessage<?> first = stream.nextAvailable();
            assertThat(first.trackingToken()).isNotNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Without an availability callback a pooled streaming processor polls its stream every 500 ms; the platform's
     * event store signals a stream at its head as soon as a committed event can be read from it.
     */
    @Test
    @Order(3)
    void aStreamAtTheHeadIsSignalledWhenAnEventIsCommittedAndThenHasItAtOnce() throws InterruptedException {
        EventStore eventStore = context().getBean(EventStore.class);
        try (var stream = eventStore.openStream(eventStore.createHeadToken())) {
            AtomicInteger signals = new AtomicInteger();
            assertThat(stream.setOnAvailableCallback(signals::incrementAndGet)).isTrue();
            assertThat(stream.hasNextAvailable()).isFalse();

            String alarmId = "alarm-" + UUID.randomUUID();
            context().getBean(CommandGateway.class).sendAndWait(new SetAlarm(alarmId, Instant.now().plus(Duration.ofHours(1))));

            await().atMost(Duration.ofSeconds(10)).until(() -> signals.get() > 0);
            assertThat(stream.hasNextAvailable()).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isInstanceOfSatisfying(AlarmSet.class,
                    set -> assertThat(set.alarmId()).isEqualTo(alarmId));
        }
    }

    /** A token with gaps reads the gaps that are filled by now and the events after its index, in order. */
    @Test
    @Order(3)
    void aTokenWithGapsReadsTheFilledGapsAndTheEventsAfterItsIndex() {
        CommandGateway commands = context().getBean(CommandGateway.class);
        for (int i = 0; i < 4; i++) {
            commands.sendAndWait(new SetAlarm("alarm-" + UUID.randomUUID(), Instant.now().plus(Duration.ofHours(1))));
        }
        List<Map<String, Object>> last = jdbc().sql("SELECT global_index, aggregate_identifier FROM (SELECT global_index,"
                + " aggregate_identifier FROM domain_event_entry ORDER BY global_index DESC LIMIT 4) latest ORDER BY global_index")
                .query().listOfRows();
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(((Number) last.get(2).get("global_index")).longValue(),
                Set.of(((Number) last.get(0).get("global_index")).longValue()));

        List<String> read = context().getBean(JdbcEventStorageEngine.class).readEvents(token, false)
                .map(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier()).toList();

        assertThat(read).containsExactly((String) last.get(0).get("aggregate_identifier"),
                (String) last.get(3).get("aggregate_identifier"));
    }

    /** A saga-like state object; the saga store writes it as BYTEA and finds it by association. */
    static class ProbeSaga {
        private String meetingId;
        private int attempts;
    }

    @Test
    @Order(4)
    void sagaStoreWritesAndFindsSagas() {
        SagaStore<Object> store = context().getBean(SagaStore.class);
        TransactionManager tx = context().getBean(TransactionManager.class);
        String sagaId = UUID.randomUUID().toString();
        ProbeSaga saga = new ProbeSaga();
        saga.meetingId = "meeting_" + sagaId;
        saga.attempts = 3;
        AssociationValue association = new AssociationValue("meetingId", saga.meetingId);
        tx.executeInTransaction(() -> store.insertSaga(ProbeSaga.class, sagaId, saga, Set.of(association)));

        Set<String> found = tx.fetchInTransaction(() -> store.findSagas(ProbeSaga.class, association));
        assertThat(found).containsExactly(sagaId);
        SagaStore.Entry<ProbeSaga> entry = tx.fetchInTransaction(() -> store.loadSaga(ProbeSaga.class, sagaId));
        assertThat(entry.saga().meetingId).isEqualTo(saga.meetingId);
        assertThat(entry.saga().attempts).isEqualTo(3);
        AssociationValues values = new AssociationValuesImpl(entry.associationValues());
        assertThat(values.contains(association)).isTrue();
    }

    @Test
    @Order(5)
    void aDeadlineScheduledBeforeARestartFiresAfterIt() {
        String alarmId = "alarm-" + UUID.randomUUID();
        Instant ringAt = Instant.now().plus(Duration.ofSeconds(2));
        context().getBean(CommandGateway.class).sendAndWait(new SetAlarm(alarmId, ringAt));
        context.close();
        context = null;
        assertThat(Instant.now()).as("the first node stopped before the deadline was due").isBefore(ringAt);

        EventStore restarted = context().getBean(EventStore.class);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                restarted.readEvents(alarmId, 0).asStream().anyMatch(e -> e.getPayload() instanceof AlarmRang));
        AlarmRang rang = (AlarmRang) restarted.readEvents(alarmId, 0).asStream()
                .filter(e -> e.getPayload() instanceof AlarmRang).findFirst().orElseThrow().getPayload();
        assertThat(rang.rangAt()).isAfterOrEqualTo(ringAt);
    }
}
