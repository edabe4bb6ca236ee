package io.connvo.meetings.gateway.audit;

import static io.connvo.meetings.testsupport.TestHttp.bearer;
import static io.connvo.meetings.testsupport.TestHttp.failed;
import static io.connvo.meetings.testsupport.TestHttp.json;
import static io.connvo.meetings.testsupport.TestHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.platform.CorrelationMetadata;
import io.connvo.meetings.saga.MediaCommands;
import io.connvo.meetings.testsupport.TestHttp;
import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.connvo.meetings.testsupport.TestJwts;
import java.net.http.HttpResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One shared application (gateway, command and query sides, H2 event store) for the audit and replay tests, reached
 * through real HTTP with real RS256 tokens. The media saga is not part of it: {@link #asSaga} sends its outcome
 * commands with the saga's actor. One test instance per class, so a class builds its scenario once.
 */
@SpringBootTest(classes = AuditTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        // no application.yml: standalone's is the all-in-one process's (data directory, dev token issuer)
        "spring.config.name=gateway-test",
        "axon.axonserver.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:audit-it;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "connvo.gateway.recording-start-timeout=50ms",
        "connvo.dead-letters.max-attempts=1"}) // a failed event is parked at once: dead-letter tests decide each retry
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuditApplicationTestBase {

    static final String SAGA_ACTOR = MediaCommands.ACTOR.value();

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        TestJwts.registerProperties(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commandGateway;

    TestHttp http;

    @BeforeAll
    void client() {
        http = new TestHttp(port);
    }

    static String free(String user) {
        return bearer(TestJwts.forUser(user).sign());
    }

    static String paid(String user) {
        return bearer(TestJwts.forUser(user).entitlements(TestJwts.PAID_ENTITLEMENT).sign());
    }

    static String auditor(String user) {
        return bearer(TestJwts.forUser(user).role("auditor").sign());
    }

    static String admin(String user) {
        return bearer(TestJwts.forUser(user).role("admin").sign());
    }

    /** POST /api/run/meetings/{function} with {"args": argsJson}; the success value. */
    JsonNode run(String function, String token, String argsJson, String... headers) {
        return value(http.post("/api/run/meetings/" + function, token, "{\"args\":" + argsJson + "}", headers));
    }

    String createMeeting(String token, String title, int maxParticipants, String... headers) {
        return run("lifecycle/createMeeting", token,
                "{\"title\":\"" + title + "\",\"maxParticipants\":" + maxParticipants + "}", headers)
                .get("meetingId").asString();
    }

    JsonNode onMeeting(String function, String token, String meetingId) {
        return run(function, token, "{\"meetingId\":\"" + meetingId + "\"}");
    }

    void addParticipant(String token, String meetingId, String userId) {
        run("lifecycle/addParticipant", token, "{\"meetingId\":\"" + meetingId + "\",\"userId\":\"" + userId + "\"}");
    }

    String startRecording(String token, String meetingId) {
        return onMeeting("stream/index/startRecording", token, meetingId).get("recordingId").asString();
    }

    /** An outcome command as the media saga sends it. */
    void asSaga(Object command) {
        commandGateway.sendAndWait(command, MetaData.with(CorrelationMetadata.ACTOR, SAGA_ACTOR));
    }

    static JsonNode value(HttpResponse<String> response) {
        return ok(Reply.of(response)).value();
    }

    /** A plain JSON document answered with 200. */
    static JsonNode value200(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    static JsonNode failure(HttpResponse<String> response, ErrorCode code) {
        return failed(Reply.of(response), code.name()).json().get("errorData");
    }
}
