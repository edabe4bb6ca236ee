package io.connvo.meetings.gateway.web;

import static io.connvo.meetings.testsupport.TestHttp.bearer;
import static io.connvo.meetings.testsupport.TestHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RoomStatus;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.api.query.GetMeeting;
import io.connvo.meetings.api.query.MeetingView;
import io.connvo.meetings.testsupport.TestHttp;
import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.connvo.meetings.testsupport.TestJwts;
import java.time.Duration;
import java.util.UUID;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole gateway over real HTTP on a random port with real signed tokens. Every subclass shares this one
 * configuration, so Spring builds the application once for all of them.
 */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                // no application.yml: standalone's is the all-in-one process's (data directory, dev token issuer)
                "spring.config.name=gateway-test",
                "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                "spring.datasource.url=jdbc:h2:mem:gateway-it;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "spring.datasource.username=sa",
                "spring.datasource.password=",
                "axon.axonserver.enabled=false",
                // The processors production runs (the embedded store wakes them on every append)
                "axon.eventhandling.processors.meeting-view.mode=pooled",
                "axon.eventhandling.processors.recording-view.mode=pooled",
                "axon.eventhandling.processors.fake-media.mode=pooled",
                "connvo.gateway.recording-start-timeout=1s",
                "connvo.gateway.max-body-size=16KB",
                "connvo.webrtc.turn.secret=s3cr3t",
                "connvo.webrtc.turn.urls=turn:turn.test:3478",
                "connvo.getstream.api-key=" + GatewayHttpTest.STREAM_API_KEY,
                "connvo.getstream.api-secret=" + GatewayHttpTest.STREAM_API_SECRET,
                "connvo.getstream.user-token.ttl=30m"
        })
abstract class GatewayHttpTest {

    static final String RUN = "/api/run/meetings/";
    static final String STREAM_API_KEY = "gateway-test-key";
    static final String STREAM_API_SECRET = "gateway-test-secret-0123456789abcdef";
    static final Duration STREAM_TOKEN_TTL = Duration.ofMinutes(30);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    QueryGateway queryGateway;

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        TestJwts.registerProperties(registry);
    }

    /** A free-tier user's token. */
    static String free(String sub) {
        return TestJwts.forUser(sub).sign();
    }

    /** A paid user's token (the paid entitlement). */
    static String paid(String sub) {
        return TestJwts.forUser(sub).entitlements(TestJwts.PAID_ENTITLEMENT).sign();
    }

    static String user() {
        return "user_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** POSTs a JSON body; {@code headers} are name, value pairs. */
    Reply run(String route, String token, String body, String... headers) {
        return send(route, token, "application/json", body, headers);
    }

    Reply send(String route, String token, String contentType, String body, String... headers) {
        return Reply.of(http().postAs(contentType, route, token == null ? null : bearer(token), body, headers));
    }

    Reply get(String path) {
        return Reply.of(http().get(path, null));
    }

    Reply getWithToken(String path, String token) {
        return Reply.of(http().get(path, bearer(token)));
    }

    private TestHttp http() {
        return new TestHttp(port);
    }

    static String args(String json) {
        return "{\"args\":" + json + "}";
    }

    static String meeting(String meetingId) {
        return args("{\"meetingId\":\"" + meetingId + "\"}");
    }

    /** Creates a meeting and returns its id. */
    String create(String token, String argsJson) {
        Reply reply = run(RUN + "lifecycle/createMeeting", token, args(argsJson));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.value().get("meetingId").asString();
    }

    /** Events stored for one meeting. */
    long storedEvents(String meetingId) {
        return jdbc.sql("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(meetingId)
                .query(Long.class).single();
    }

    /** Meetings ever created (other tests' asynchronous outcome events never create one). */
    long createdMeetings() {
        return jdbc.sql("SELECT COUNT(*) FROM domain_event_entry WHERE payload_type = ?")
                .param(MeetingCreated.class.getName()).query(Long.class).single();
    }

    /** A started paid (GetStream) meeting whose room is provisioned, so recordings can start. */
    String startedPaidMeeting(String host) {
        String token = paid(host);
        String meetingId = create(token, "{\"title\":\"Recorded\",\"recordingEnabled\":true}");
        ok(run(RUN + "lifecycle/startMeeting", token, meeting(meetingId)));
        awaitRoom(host, meetingId);
        return meetingId;
    }

    /** The fake media saga provisions the room asynchronously: wait for it on the meeting's subscription query. */
    void awaitRoom(String host, String meetingId) {
        SubscriptionQueryResult<MeetingView, MeetingView> views = queryGateway.subscriptionQuery(
                new GetMeeting(new MeetingId(meetingId), new UserId(host)),
                ResponseTypes.instanceOf(MeetingView.class), ResponseTypes.instanceOf(MeetingView.class));
        try {
            MeetingView provisioned = Flux.concat(views.initialResult(), views.updates())
                    .filter(v -> v.roomStatus() == RoomStatus.PROVISIONED)
                    .blockFirst(Duration.ofSeconds(10));
            assertThat(provisioned).isNotNull();
        } finally {
            views.cancel();
        }
    }
}
