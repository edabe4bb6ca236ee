package io.connvo.meetings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The attribution rules on stacks as JFR reports them ({@code class.method}, innermost first), built by hand. */
class CpuComponentsTest {

    private static final String REQUEST_THREAD = "http-nio-127.0.0.1-8080-exec-3";

    /** What is under every command sent from the gateway: Tomcat, Spring Security and MVC, the controller, the bus. */
    private static final List<String> COMMAND_FROM_HTTP = List.of(
            "org.axonframework.commandhandling.SimpleCommandBus.handle",
            "org.axonframework.commandhandling.SimpleCommandBus.dispatch",
            "io.connvo.meetings.command.FailureTranslation.dispatch",
            "org.axonframework.commandhandling.gateway.DefaultCommandGateway.sendAndWait",
            "io.connvo.meetings.platform.ConflictRetryScheduler.send",
            "io.connvo.meetings.gateway.web.MeetingCommands.send",
            "io.connvo.meetings.gateway.web.MeetingController.startMeeting",
            "org.springframework.web.servlet.DispatcherServlet.doDispatch",
            "org.springframework.security.web.FilterChainProxy.doFilter",
            "org.apache.catalina.core.ApplicationFilterChain.doFilter",
            "org.apache.tomcat.util.net.SocketProcessorBase.run",
            "java.lang.Thread.run");

    private static List<String> stack(List<String> outer, String... inner) {
        List<String> frames = new ArrayList<>(List.of(inner));
        frames.addAll(outer);
        return frames;
    }

    @Test
    void theEventStoreAppendInsideTheCommitIsAppendAndCommitNotTheBusNorJacksonNorHttp() {
        List<String> frames = stack(COMMAND_FROM_HTTP,
                "com.fasterxml.jackson.databind.ObjectMapper.writeValueAsBytes",
                "org.axonframework.serialization.json.JacksonSerializer.serialize",
                "org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine.appendEvents",
                "org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine.appendEvents",
                "org.axonframework.messaging.unitofwork.AbstractUnitOfWork.commit",
                "org.axonframework.messaging.unitofwork.DefaultUnitOfWork.executeWithResult");

        assertThat(CpuComponents.of(REQUEST_THREAD, frames)).isEqualTo(CpuComponents.APPEND_AND_COMMIT);
    }

    @Test
    void replayingTheMeetingsEventsIntoTheAggregateIsItsLoadNotDomain() {
        List<String> frames = stack(COMMAND_FROM_HTTP,
                "io.connvo.meetings.command.Meeting.on",
                "org.axonframework.eventsourcing.EventSourcingRepository.doLoadWithLock",
                "org.axonframework.modelling.command.LockingRepository.doLoad",
                "org.axonframework.modelling.command.AbstractRepository.load",
                "org.axonframework.modelling.command.AggregateAnnotationCommandHandler.handle");

        assertThat(CpuComponents.of(REQUEST_THREAD, frames)).isEqualTo(CpuComponents.AGGREGATE_LOAD);
    }

    @Test
    void theAggregatesCommandHandlerIsDomainThoughFailureTranslationIsUnderIt() {
        List<String> frames = stack(COMMAND_FROM_HTTP,
                "io.connvo.meetings.command.Recordings.start",
                "io.connvo.meetings.command.Meeting.handle",
                "org.axonframework.modelling.command.AggregateAnnotationCommandHandler.handle");

        assertThat(CpuComponents.of(REQUEST_THREAD, frames)).isEqualTo(CpuComponents.DOMAIN);
    }

    @Test
    void axonsInterceptorsAroundTheHandlerAreCommandDispatch() {
        List<String> frames = stack(COMMAND_FROM_HTTP,
                "org.axonframework.messaging.interceptors.CorrelationDataInterceptor.handle",
                "org.axonframework.messaging.DefaultInterceptorChain.proceed");

        assertThat(CpuComponents.of(REQUEST_THREAD, frames)).isEqualTo(CpuComponents.COMMAND_DISPATCH);
    }

    @Test
    void aDeadlineScheduledByTheCommandHandlerIsAppendAndCommit() {
        List<String> frames = stack(COMMAND_FROM_HTTP,
                "com.github.kagkarlsson.scheduler.SchedulerClient$StandardSchedulerClient.schedule",
                "org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager.schedule",
                "io.connvo.meetings.command.Meeting.handle");

        assertThat(CpuComponents.of(REQUEST_THREAD, frames)).isEqualTo(CpuComponents.APPEND_AND_COMMIT);
    }

    @Test
    void theViewReadThroughTheQueryBusIsReadYourWritesEvenUnderItsOwnUnitOfWorksCommit() {
        List<String> frames = List.of(
                "org.axonframework.messaging.unitofwork.AbstractUnitOfWork.commit",
                "io.connvo.meetings.query.ViewReader.meeting",
                "org.axonframework.queryhandling.SimpleQueryBus.query",
                "io.connvo.meetings.gateway.web.MeetingQueries.query",
                "io.connvo.meetings.gateway.web.MeetingController.getMeeting",
                "org.apache.catalina.core.ApplicationFilterChain.doFilter");

        assertThat(CpuComponents.of(REQUEST_THREAD, frames)).isEqualTo(CpuComponents.VIEW_READ);
    }

    @Test
    void jacksonWritingTheResponseIsJsonAndTheJwtCheckIsHttp() {
        List<String> response = List.of(
                "tools.jackson.databind.ser.BeanSerializer.serialize",
                "org.springframework.http.converter.AbstractJacksonHttpMessageConverter.writeInternal",
                "org.springframework.web.servlet.DispatcherServlet.doDispatch",
                "org.apache.catalina.core.ApplicationFilterChain.doFilter");
        List<String> jwt = List.of(
                "com.nimbusds.jose.crypto.RSASSAVerifier.verify",
                "org.springframework.security.oauth2.jwt.NimbusJwtDecoder.decode",
                "org.apache.catalina.core.ApplicationFilterChain.doFilter");

        assertThat(CpuComponents.of(REQUEST_THREAD, response)).isEqualTo(CpuComponents.JSON);
        assertThat(CpuComponents.of(REQUEST_THREAD, jwt)).isEqualTo(CpuComponents.HTTP);
    }

    @Test
    void threadsDoingOneComponentsWorkAreChargedByNameWhateverTheyRun() {
        List<String> commit = List.of("org.h2.mvstore.MVStore.commit", "io.connvo.meetings.platform.InterruptSafeH2.lambda$onWriter$0",
                "java.util.concurrent.ThreadPoolExecutor.runWorker");
        List<String> sagaCommand = stack(COMMAND_FROM_HTTP.subList(0, 3), "io.connvo.meetings.command.Meeting.handle");

        assertThat(CpuComponents.of("h2-writer-7", commit)).isEqualTo(CpuComponents.H2_WRITERS);
        assertThat(CpuComponents.of("WorkPackage[meeting-view]-1", List.of("io.connvo.meetings.query.MeetingViewProjection.on")))
                .isEqualTo(CpuComponents.PROJECTION);
        assertThat(CpuComponents.of("Coordinator[recording-view]-0", List.of("org.axonframework.eventsourcing.eventstore.EmbeddedEventStore.readEvents")))
                .isEqualTo(CpuComponents.PROJECTION);
        assertThat(CpuComponents.of("media-saga-call-2", sagaCommand)).isEqualTo(CpuComponents.SAGA);
        assertThat(CpuComponents.of("WorkPackage[media-saga]-0", List.of("io.connvo.meetings.saga.MediaSaga.on"))).isEqualTo(CpuComponents.SAGA);
        assertThat(CpuComponents.of("db-scheduler-pool-1-thread-2", sagaCommand)).isEqualTo(CpuComponents.SAGA);
        assertThat(CpuComponents.of("getstream-sandbox", List.of("com.sun.net.httpserver.HttpServer.handle"))).isEqualTo(CpuComponents.SANDBOX);
        assertThat(CpuComponents.of("JFR Periodic Tasks", List.of("jdk.jfr.internal.PlatformRecorder.periodicTask"))).isEqualTo(CpuComponents.JVM);
    }

    @Test
    void theEventStoresReaderFeedingTheProcessorsIsProjection() {
        assertThat(CpuComponents.of("EmbeddedEventStore-0", List.of(
                "org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine.fetchTrackedEvents",
                "org.axonframework.eventsourcing.eventstore.EmbeddedEventStore$EventProducer.run"))).isEqualTo(CpuComponents.PROJECTION);
    }

    @Test
    void theSubscriptionQuerysViewReadOnAReactorThreadIsReadYourWrites() {
        assertThat(CpuComponents.of("boundedElastic-1", List.of("io.connvo.meetings.query.ViewReader.recordingView",
                "reactor.core.scheduler.SchedulerTask.call"))).isEqualTo(CpuComponents.VIEW_READ);
    }

    @Test
    void theHousekeepersTransactionsAreOtherNotACommit() {
        assertThat(CpuComponents.of("segment-balancer", List.of(
                "org.springframework.transaction.support.AbstractPlatformTransactionManager.commit",
                "io.connvo.meetings.platform.SegmentBalancer.balance"))).isEqualTo(CpuComponents.OTHER);
    }

    @Test
    void aStackNoRuleKnowsIsOther() {
        assertThat(CpuComponents.of("HikariPool-1 housekeeper", List.of("com.zaxxer.hikari.pool.HikariPool$HouseKeeper.run")))
                .isEqualTo(CpuComponents.OTHER);
    }
}
