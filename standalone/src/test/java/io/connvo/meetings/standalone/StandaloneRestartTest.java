package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.command.CreateMeeting;
import io.connvo.meetings.api.command.StartMeeting;
import io.connvo.meetings.api.error.MeetingException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The standalone process on its H2 file store: healthy, and its state survives a restart on the same data directory. */
class StandaloneRestartTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext application;

    private ConfigurableApplicationContext start() {
        application = new SpringApplicationBuilder(StandaloneApplication.class)
                .run("--connvo.data-dir=" + dataDir, "--server.port=0", "--server.address=127.0.0.1",
                        "--spring.main.banner-mode=off");
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
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new CreateMeeting(meetingId, host, "Standup", null,
                Instant.now().plus(1, ChronoUnit.HOURS), 4, false, Tier.FREE)).withMetaData(Map.of("actor", host.value())));
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new StartMeeting(meetingId, host))
                .withMetaData(Map.of("actor", host.value())));
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
}
