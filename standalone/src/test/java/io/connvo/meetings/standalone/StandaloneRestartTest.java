package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RoomStatus;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.command.CreateMeeting;
import io.connvo.meetings.api.command.StartMeeting;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.query.GetMeeting;
import io.connvo.meetings.api.query.MeetingView;
import io.connvo.sandbox.getstream.Endpoint;
import io.connvo.sandbox.getstream.GetStreamSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The standalone process on its H2 file store: healthy, and its state (events and pending deadlines) survives a
 * restart on the same data directory.
 */
class StandaloneRestartTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext application;

    private ConfigurableApplicationContext start(String... extra) {
        String[] base = {"--connvo.data-dir=" + dataDir, "--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off"};
        application = new SpringApplicationBuilder(StandaloneApplication.class)
                .run(Stream.concat(Arrays.stream(base), Arrays.stream(extra)).toArray(String[]::new));
        return application;
    }

    private void stop() {
        application.close();
        application = null;
    }

    @AfterEach
    void closeLeftOver() {
        if (application != null) {
            application.close();
        }
    }

    private String health() throws Exception {
        String port = application.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void startsHealthyAndAStartedMeetingIsStillActiveAfterARestartOnTheSameDataDirectory() throws Exception {
        MeetingId meetingId = MeetingId.generate();
        UserId host = new UserId("user_host");
        start();
        assertThat(health()).contains("\"status\":\"UP\"").contains("\"db\":{\"status\":\"UP\"}");
        CommandGateway commands = application.getBean(CommandGateway.class);
        createAndStart(commands, new CreateMeeting(meetingId, host, "Standup", null,
                Instant.now().plus(1, ChronoUnit.HOURS), 4, false, Tier.FREE, null));
        stop();
        assertThat(dataDir.resolve("connvo.mv.db")).exists();

        start();
        assertThat(health()).contains("\"status\":\"UP\"");
        CommandGateway restarted = application.getBean(CommandGateway.class);
        assertThatThrownBy(() -> restarted.sendAndWait(GenericCommandMessage.asCommandMessage(new StartMeeting(meetingId, host))
                .withMetaData(Map.of("actor", host.value()))))
                .satisfies(e -> assertThat(MeetingException.detailsOf(e)).hasValueSatisfying(details ->
                        assertThat(details.message()).isEqualTo("Meeting is already active")));
    }

    /**
     * Persistent deadlines: GetStream refuses the first get-or-create of a paid meeting's call, so the saga schedules
     * its retry as a deadline (5 s ahead) and the process stops before it is due. The restarted process finds the
     * deadline in the database, fires it against its own (new) sandbox, and the room is provisioned.
     */
    @Test
    void aSagaRetryScheduledBeforeARestartFiresAfterIt() throws Exception {
        String[] retryLater = {"--connvo.getstream.retry.initial-delay=5s", "--connvo.getstream.retry.jitter=0",
                "--connvo.deadlines.polling-interval=100ms"};
        MeetingId meetingId = MeetingId.generate();
        UserId host = new UserId("user_paid_host");
        start(retryLater);
        GetStreamSandbox before = application.getBean(GetStreamSandbox.class);
        before.failNext(Endpoint.GET_OR_CREATE_CALL, 503, 1);
        JdbcClient db = JdbcClient.create(application.getBean(DataSource.class));
        createAndStart(application.getBean(CommandGateway.class), new CreateMeeting(meetingId, host, "Board meeting",
                null, Instant.now().plus(1, ChronoUnit.HOURS), 10, true, Tier.PAID, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(before.requestCount(Endpoint.GET_OR_CREATE_CALL)).isEqualTo(1);
            // a saga retry, not only the meeting's guards, is pending when the process stops
            assertThat(PendingDeadlines.sagaRetries(db.sql("SELECT task_data FROM scheduled_tasks").query(byte[].class).list()))
                    .isPositive();
        });
        stop();
        assertThat(before.requestCount(Endpoint.GET_OR_CREATE_CALL)).as("no retry before the restart").isEqualTo(1);
        assertThat(before.call("default", meetingId.value())).isEmpty();

        start(retryLater);
        GetStreamSandbox after = application.getBean(GetStreamSandbox.class);
        QueryGateway queries = application.getBean(QueryGateway.class);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(queries.query(new GetMeeting(meetingId, host), MeetingView.class).get().roomStatus())
                        .isEqualTo(RoomStatus.PROVISIONED));
        assertThat(after.requestCount(Endpoint.GET_OR_CREATE_CALL)).isGreaterThanOrEqualTo(1);
        assertThat(after.call("default", meetingId.value())).isPresent();
    }

    private static void createAndStart(CommandGateway commands, CreateMeeting create) {
        Map<String, String> actor = Map.of("actor", create.hostId().value());
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(create).withMetaData(actor));
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new StartMeeting(create.meetingId(), create.hostId()))
                .withMetaData(actor));
    }
}
