package io.connvo.meetings.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.reflect.Executable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.RecordingActivated;
import io.connvo.meetings.api.event.RecordingFailed;
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.api.event.RecordingStopRequested;
import io.connvo.meetings.api.event.RecordingStopped;
import io.connvo.meetings.api.event.TranscriptionInitialized;
import io.connvo.meetings.api.event.TranscriptionStopped;
import io.connvo.meetings.api.event.VideoRoomProvisioned;
import io.connvo.meetings.platform.AxonSerializers;
import io.connvo.meetings.platform.CorrelationMetadata;
import io.connvo.meetings.saga.getstream.GetStreamCalls;
import io.connvo.meetings.saga.getstream.GetStreamProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.common.Priority;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.messaging.annotation.FixedValueParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.test.saga.SagaTestFixture;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The saga's deadlines in db-scheduler, as in production: a cancel by name or scope reads every pending deadline of
 * every meeting (one task name for all Axon deadlines). A meeting's whole media life must never do that.
 */
class MediaSagaDeadlineScanTest {

    private static final MeetingId MEETING = new MeetingId("meeting_1");
    private static final String CID = "default:meeting_1";
    private static final UserId HOST = new UserId("user_host");
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final GetStreamProperties.Retry RETRY =
            new GetStreamProperties.Retry(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.2);

    /** Every statement the deadline manager prepares on the database. */
    private final List<String> statements = new CopyOnWriteArrayList<>();

    @Test
    void aMeetingsWholeMediaLifeNeverReadsOtherMeetingsDeadlines() throws Exception {
        DataSource database = countingStatements(h2WithSchedulerTable());
        DbSchedulerDeadlineManager[] manager = new DbSchedulerDeadlineManager[1];
        Scheduler scheduler = Scheduler.create(database, List.of(DbSchedulerDeadlineManager.binaryTask(() -> manager[0])))
                .tableName("scheduled_tasks")
                .build();
        manager[0] = DbSchedulerDeadlineManager.builder()
                .scheduler(scheduler)
                .scopeAwareProvider(scope -> Stream.empty())
                .serializer(AxonSerializers.jackson())
                .transactionManager(NoTransactionManager.instance())
                .startScheduler(false)
                .stopScheduler(false)
                .build();
        // another meeting's pending deadline: what a scan would read
        manager[0].schedule(Duration.ofMinutes(5), MediaSaga.RETRY_RECORDING_START,
                new RetryDue(MediaSaga.RETRY_RECORDING_START, 2, null),
                new SagaScopeDescriptor(MediaSaga.class.getName(), "other-saga"));

        GetStreamCalls calls = mock(GetStreamCalls.class);
        when(calls.getOrCreateCall(any())).thenReturn(CID);
        SagaTestFixture<MediaSaga> fixture = new SagaTestFixture<>(MediaSaga.class);
        fixture.registerParameterResolverFactory(new RealDeadlines(manager[0]));
        MediaCommands commands = new MediaCommands(fixture.getCommandBus(), new MediaSagaProperties(1, Duration.ofMillis(10), 1));
        fixture.registerResource(new MediaServices(calls, new MediaCallRunner(Runnable::run, commands,
                NoTransactionManager.instance(), Duration.ofSeconds(10)), commands,
                new RetryPolicy(RETRY, () -> 0.5, new SimpleMeterRegistry()), new GetStreamProperties("key",
                "0123456789abcdef0123456789abcdef", null, null, Duration.ofHours(2), null, RETRY)));
        RecordingId first = new RecordingId("recording_1");
        RecordingId second = new RecordingId("recording_2");
        statements.clear();

        fixture.givenAPublished(new MeetingStarted(MEETING, HOST, HOST, "Standup", Tier.PAID, VideoProvider.GETSTREAM,
                        25, List.of(HOST), T0))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0))
                .andThenAPublished(new RecordingStarted(MEETING, first, HOST, RecordingConfig.defaults(), CID, T0))
                .andThenAPublished(new RecordingActivated(MEETING, first, T0))
                .andThenAPublished(new RecordingStopRequested(MEETING, first, HOST, T0))
                .andThenAPublished(new RecordingStopped(MEETING, first, T0))
                .andThenAPublished(new RecordingStarted(MEETING, second, HOST, RecordingConfig.defaults(), CID, T0))
                .andThenAPublished(new RecordingFailed(MEETING, second, "The provider did not start the recording in time",
                        T0), Map.of(CorrelationMetadata.ACTOR, "system:meeting-guard"))
                .andThenAPublished(new MeetingEnded(MEETING, HOST, VideoProvider.GETSTREAM, null, true, T0))
                .whenPublishingA(new TranscriptionStopped(MEETING, "Meeting ended", T0))
                .expectActiveSagas(0);

        assertThat(statements).as("statements of the saga's deadlines").isNotEmpty()
                .noneMatch(MediaSagaDeadlineScanTest::readsEveryExecutionOfATask);
        // each safety deadline cancelled by its id: only the other meeting's is left
        try (Connection connection = database.getConnection(); Statement query = connection.createStatement();
             ResultSet left = query.executeQuery("SELECT COUNT(*) FROM scheduled_tasks")) {
            left.next();
            assertThat(left.getInt(1)).isEqualTo(1);
        }
    }

    /**
     * A read of scheduled_tasks by task name alone (db-scheduler's {@code getScheduledExecutions}): every instance of
     * the one task all Axon deadlines share.
     */
    private static boolean readsEveryExecutionOfATask(String sql) {
        String statement = sql.toLowerCase(Locale.ROOT);
        String where = statement.replaceFirst("^.* where ", "").replaceFirst(" order by .*$", "");
        return statement.startsWith("select") && statement.contains("scheduled_tasks")
                && where.contains("task_name") && !where.contains("task_instance");
    }

    /** Puts the real deadline manager where the saga's handlers ask for one (the fixture's own is a stub). */
    @Priority(Priority.FIRST)
    private record RealDeadlines(DeadlineManager deadlines) implements ParameterResolverFactory {

        @Override
        public ParameterResolver<?> createInstance(Executable executable, Parameter[] parameters, int index) {
            return DeadlineManager.class.equals(parameters[index].getType())
                    ? new FixedValueParameterResolver<>(deadlines) : null;
        }
    }

    private static DataSource h2WithSchedulerTable() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:deadline-scan;DB_CLOSE_DELAY=-1");
        try (Connection connection = h2.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute(new String(MediaSagaDeadlineScanTest.class
                    .getResourceAsStream("/db/migration/V1_2__deadlines.sql").readAllBytes()));
        }
        return h2;
    }

    /** The same database, recording the SQL of every statement prepared on it. */
    private DataSource countingStatements(DataSource target) {
        InvocationHandler connections = (proxy, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection connection && method.getName().equals("getConnection")
                    ? Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                            (c, m, a) -> {
                                if (m.getName().equals("prepareStatement")) {
                                    statements.add((String) a[0]);
                                }
                                return invoke(connection, m, a);
                            })
                    : result;
        };
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                connections);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
