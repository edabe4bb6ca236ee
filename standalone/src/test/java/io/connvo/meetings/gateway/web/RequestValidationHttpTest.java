package io.connvo.meetings.gateway.web;

import static io.connvo.meetings.testsupport.TestHttp.exchange;
import static io.connvo.meetings.testsupport.TestHttp.failed;
import static io.connvo.meetings.testsupport.TestHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Malformed requests over HTTP: each is a VALIDATION_ERROR (HTTP 400, never 500) naming the field, and nothing
 * is stored. The target is a started paid meeting with a provisioned room, where valid requests would store
 * events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestValidationHttpTest extends GatewayHttpTest {

    private static final String M = "MEETING";
    private String host;
    private String meetingId;

    @BeforeAll
    void startMeeting() {
        host = user();
        meetingId = startedPaidMeeting(host);
    }

    static Stream<Arguments> malformed() {
        String start = "stream/index/startRecording";
        String create = "lifecycle/createMeeting";
        return Stream.of(
                Arguments.of(start, "{\"args\":", "body"),
                Arguments.of(start, "[]", "body"),
                Arguments.of(start, "\"just text\"", "body"),
                Arguments.of(start, "null", "body"),
                Arguments.of(start, "", "body"),
                Arguments.of(start, "{}", "args"),
                Arguments.of(start, "{\"args\":null}", "args"),
                Arguments.of(start, "{\"args\":\"" + M + "\"}", "args"),
                Arguments.of(start, "{\"args\":{\"meetingId\":\"" + M + "\"},\"extra\":true}", "extra"),
                Arguments.of(start, "{\"args\":{}}", "args.meetingId"),
                Arguments.of(start, "{\"args\":{\"meetingId\":\"\"}}", "args.meetingId"),
                Arguments.of(start, "{\"args\":{\"meetingId\":null}}", "args.meetingId"),
                Arguments.of(start, "{\"args\":{\"meetingId\":42}}", "args.meetingId"),
                Arguments.of(start, "{\"args\":{\"meetingId\":\"" + M + "\",\"foo\":1}}", "args.foo"),
                Arguments.of(start, "{\"args\":{\"meetingId\":\"" + M + "\",\"recordingConfig\":{\"quality\":\"4k\"}}}",
                        "args.recordingConfig.quality"),
                Arguments.of(start, "{\"args\":{\"meetingId\":\"" + M + "\",\"recordingConfig\":{\"layout\":\"mosaic\"}}}",
                        "args.recordingConfig.layout"),
                Arguments.of(start, "{\"args\":{\"meetingId\":\"" + M + "\",\"recordingConfig\":{\"audioOnly\":\"yes\"}}}",
                        "args.recordingConfig.audioOnly"),
                Arguments.of(start, "{\"args\":{\"meetingId\":\"" + M + "\",\"recordingConfig\":[]}}",
                        "args.recordingConfig"),
                Arguments.of(start, "{\"args\":{\"meetingId\":\"" + M + "\",\"recordingConfig\":{\"mode\":\"disabled\"}}}",
                        "args.recordingConfig.mode"),
                Arguments.of(start, "{\"args\":{\"meetingId\":\"" + M + "\",\"pad\":\"" + "x".repeat(20_000) + "\"}}",
                        "body"),
                Arguments.of("lifecycle/endMeeting", "{\"args\":{\"meetingId\":\"../" + M + "\"}}", "args.meetingId"),
                Arguments.of("lifecycle/cancelMeeting",
                        "{\"args\":{\"meetingId\":\"" + M + "\",\"reason\":\"" + "r".repeat(501) + "\"}}", "args.reason"),
                Arguments.of("lifecycle/addParticipant", "{\"args\":{\"meetingId\":\"" + M + "\"}}", "args.userId"),
                Arguments.of("lifecycle/addParticipant", "{\"args\":{\"meetingId\":\"" + M + "\",\"userId\":7}}",
                        "args.userId"),
                Arguments.of(create, "{\"args\":{}}", "args.title"),
                Arguments.of(create, "{\"args\":{\"title\":\"\"}}", "args.title"),
                Arguments.of(create, "{\"args\":{\"title\":\"" + "t".repeat(201) + "\"}}", "args.title"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"description\":\"" + "d".repeat(2001) + "\"}}",
                        "args.description"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"maxParticipants\":\"ten\"}}", "args.maxParticipants"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"maxParticipants\":-1}}", "args.maxParticipants"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"recordingEnabled\":1}}", "args.recordingEnabled"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"scheduledAt\":\"next week\"}}", "args.scheduledAt"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"tier\":\"paid\"}}", "args.tier"),
                // the input policy (JSON escapes, so the characters reach the records as they are)
                Arguments.of(create, "{\"args\":{\"title\":\"a\\u0000b\"}}", "args.title"),
                Arguments.of(create, "{\"args\":{\"title\":\"bell\\u0007\"}}", "args.title"),
                Arguments.of(create, "{\"args\":{\"title\":\"c1\\u0085\"}}", "args.title"),
                Arguments.of(create, "{\"args\":{\"title\":\"two\\nlines\"}}", "args.title"),
                Arguments.of(create, "{\"args\":{\"title\":\"lone \\uD800\"}}", "args.title"),
                Arguments.of(create, "{\"args\":{\"title\":\"nonchar \\uFFFF\"}}", "args.title"),
                Arguments.of(create, "{\"args\":{\"title\":\"\\u202Egnp.exe\"}}", "args.title"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"description\":\"x\\u0000\"}}", "args.description"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"description\":\"esc\\u001B[2J\"}}",
                        "args.description"),
                Arguments.of("lifecycle/cancelMeeting", "{\"args\":{\"meetingId\":\"" + M + "\",\"reason\":\"r\\u0000\"}}",
                        "args.reason"),
                Arguments.of("lifecycle/addParticipant", "{\"args\":{\"meetingId\":\"" + M + "\",\"userId\":\"u\\u0000\"}}",
                        "args.userId"),
                Arguments.of(start, "{\"args\":{\"meetingId\":\"" + M + "\\u0000\"}}", "args.meetingId"),
                // enum values exactly as documented: no padding, no other case, no Java constant names
                Arguments.of(start, recordingConfig("quality", "\" 720p\""), "args.recordingConfig.quality"),
                Arguments.of(start, recordingConfig("quality", "\"720p \""), "args.recordingConfig.quality"),
                Arguments.of(start, recordingConfig("quality", "\"\\t720p\""), "args.recordingConfig.quality"),
                Arguments.of(start, recordingConfig("quality", "\"720P\""), "args.recordingConfig.quality"),
                Arguments.of(start, recordingConfig("quality", "\"P720\""), "args.recordingConfig.quality"),
                Arguments.of(start, recordingConfig("quality", "\"1\""), "args.recordingConfig.quality"),
                Arguments.of(start, recordingConfig("quality", "1"), "args.recordingConfig.quality"),
                Arguments.of(start, recordingConfig("quality", "\"\""), "args.recordingConfig.quality"),
                Arguments.of(start, recordingConfig("layout", "\" grid\""), "args.recordingConfig.layout"),
                Arguments.of(start, recordingConfig("layout", "\"GRID\""), "args.recordingConfig.layout"),
                Arguments.of(start, recordingConfig("layout", "\"Spotlight\""), "args.recordingConfig.layout"),
                Arguments.of(start, recordingConfig("mode", "\" available\""), "args.recordingConfig.mode"),
                Arguments.of(start, recordingConfig("mode", "\"AVAILABLE\""), "args.recordingConfig.mode"),
                // other coercions: numbers and booleans as strings, floats for integers, numbers for booleans
                Arguments.of(start, recordingConfig("audioOnly", "\"true\""), "args.recordingConfig.audioOnly"),
                Arguments.of(start, recordingConfig("audioOnly", "0"), "args.recordingConfig.audioOnly"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"maxParticipants\":\"10\"}}", "args.maxParticipants"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"maxParticipants\":10.0}}", "args.maxParticipants"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"maxParticipants\":1e1}}", "args.maxParticipants"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"maxParticipants\":true}}", "args.maxParticipants"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"maxParticipants\":99999999999}}", "args.maxParticipants"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"recordingEnabled\":\"true\"}}", "args.recordingEnabled"),
                Arguments.of(create, "{\"args\":{\"title\":true}}", "args.title"),
                Arguments.of(create, "{\"args\":{\"title\":[\"t\"]}}", "args.title"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"scheduledAt\":\" 2030-01-01T09:00:00Z\"}}",
                        "args.scheduledAt"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"scheduledAt\":\"+1000000-01-01T00:00:00Z\"}}",
                        "args.scheduledAt"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"scheduledAt\":9223372036854775807}}",
                        "args.scheduledAt"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"scheduledAt\":1.5e12}}", "args.scheduledAt"),
                Arguments.of(create, "{\"args\":{\"title\":\"t\",\"title\":\"u\"}}", "args.title"));
    }

    private static String recordingConfig(String field, String json) {
        return "{\"args\":{\"meetingId\":\"" + M + "\",\"recordingConfig\":{\"" + field + "\":" + json + "}}}";
    }

    /** Bodies that are not valid UTF-8, each around an otherwise valid createMeeting: nothing may be decoded leniently. */
    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("overlong slash C0 AF in a title", bytes("{\"args\":{\"title\":\"a", 0xC0, 0xAF, "b\"}}")),
                Arguments.of("0xFF inside a field name", bytes("{\"args\":{\"ti", 0xFF, "tle\":\"t\"}}")),
                Arguments.of("lone 0xFF in a title", bytes("{\"args\":{\"title\":\"", 0xFF, "\"}}")),
                Arguments.of("truncated E2 82", bytes("{\"args\":{\"title\":\"a", 0xE2, 0x82, "\"}}")),
                Arguments.of("truncated at the end", bytes("{\"args\":{\"title\":\"t\"}}", 0xE2)),
                Arguments.of("encoded surrogate ED A0 80", bytes("{\"args\":{\"title\":\"a", 0xED, 0xA0, 0x80, "\"}}")),
                Arguments.of("lone continuation byte", bytes("{\"args\":{\"title\":\"a", 0x80, "\"}}")),
                Arguments.of("beyond U+10FFFF", bytes("{\"args\":{\"title\":\"a", 0xF4, 0x90, 0x80, 0x80, "\"}}")),
                Arguments.of("five-byte form", bytes("{\"args\":{\"title\":\"a", 0xF8, 0x88, 0x80, 0x80, 0x80, "\"}}")),
                Arguments.of("overlong NUL C0 80", bytes("{\"args\":{\"title\":\"a", 0xC0, 0x80, "\"}}")),
                Arguments.of("Latin-1 e-acute", bytes("{\"args\":{\"title\":\"caf", 0xE9, "\"}}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void invalidUtf8AnywhereIsAValidationErrorAndNothingIsStored(String why, byte[] body) {
        long meetings = createdMeetings();

        Reply reply = failed(exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + RUN + "lifecycle/createMeeting"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + paid(host))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()), "VALIDATION_ERROR");

        assertThat(reply.field()).isEqualTo("body");
        assertThat(reply.json().at("/errorData/message").asString()).contains("UTF-8");
        assertThat(createdMeetings()).isEqualTo(meetings);
    }

    @Test
    void everydayTextOfAnyScriptIsStoredAsSent() {
        String title = "Caf\u00e9 \u4e2d\u6587 \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u200F "
                + "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        String description = "line one\n\tline two\r\nline three";
        String token = free(user());
        String body = JSON.createObjectNode().set("args", JSON.createObjectNode().put("title", title)
                .put("description", description)).toString();

        Reply created = ok(run(RUN + "lifecycle/createMeeting", token, body));

        assertThat(created.value().get("title").asString()).isEqualTo(title);
        Reply read = ok(run(RUN + "queries/getMeeting", token, meeting(created.value().get("meetingId").asString())));
        assertThat(read.value().get("title").asString()).isEqualTo(title);
        assertThat(read.value().get("description").asString()).isEqualTo(description);
    }

    /** The longest description a meeting keeps (2000 characters, one more is refused above) is stored whole. */
    @Test
    void descriptionOfTheLongestLengthIsStored() {
        String description = "d".repeat(2000);
        String token = free(user());
        String body = JSON.createObjectNode().set("args", JSON.createObjectNode().put("title", "t")
                .put("description", description)).toString();

        Reply created = ok(run(RUN + "lifecycle/createMeeting", token, body));

        Reply read = ok(run(RUN + "queries/getMeeting", token, meeting(created.value().get("meetingId").asString())));
        assertThat(read.value().get("description").asString()).isEqualTo(description);
    }

    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("malformed")
    void rejectedNamingTheFieldAndNothingStored(String route, String body, String field) {
        long meetingEvents = storedEvents(meetingId);
        long meetings = createdMeetings();

        Reply reply = failed(run(RUN + route, paid(host), body.replace(M, meetingId)), "VALIDATION_ERROR");

        assertThat(reply.field()).isEqualTo(field);
        assertThat(reply.json().at("/errorData/message").asString()).contains(field);
        assertThat(reply.json().at("/errorData/statusCode").asInt()).isEqualTo(400);
        assertThat(reply.body()).doesNotContain("Exception", "at io.", "at org.", "tools.jackson", "java.");
        assertThat(storedEvents(meetingId)).isEqualTo(meetingEvents);
        assertThat(createdMeetings()).isEqualTo(meetings);
    }

    @Test
    void wrongOrMissingContentTypeIsAValidationError() {
        long meetingEvents = storedEvents(meetingId);
        for (String contentType : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
            Reply reply = failed(send(RUN + "stream/index/startRecording", paid(host), contentType, meeting(meetingId)),
                    "VALIDATION_ERROR");
            assertThat(reply.field()).isEqualTo("Content-Type");
        }
        assertThat(storedEvents(meetingId)).isEqualTo(meetingEvents);
    }

    /** Wildcards, unparseable types and unknown charsets are refused as a content type, on every kind of route. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("oddContentTypes")
    void oddContentTypeIsAValidationErrorNamingContentType(String route, String contentType) {
        long meetingEvents = storedEvents(meetingId);
        long meetings = createdMeetings();

        Reply reply = failed(send(route, paid(host), contentType, meeting(meetingId)), "VALIDATION_ERROR");

        assertThat(reply.field()).isEqualTo("Content-Type");
        assertThat(reply.json().at("/errorData/message").asString()).contains("Content-Type");
        assertThat(reply.body()).doesNotContain("Exception", "at io.", "at org.", "java.");
        assertThat(storedEvents(meetingId)).isEqualTo(meetingEvents);
        assertThat(createdMeetings()).isEqualTo(meetings);
    }

    static Stream<Arguments> oddContentTypes() {
        List<String> routes = List.of(RUN + "stream/index/startRecording", RUN + "lifecycle/createMeeting",
                RUN + "queries/getMeeting", "/webhooks/getstream");
        List<String> types = List.of("*/*", "application/*", "*", "/", "application/*+json",
                "application/json;charset=no-such-charset", "application/json; charset=\"", "garbage/\u00e9\u00e9",
                "application/json, text/plain", "text/json", "multipart/form-data; boundary=x");
        return routes.stream().flatMap(route -> types.stream().map(type -> Arguments.of(route, type)));
    }

    /** A form body is never parsed, so one that is not valid percent-encoded UTF-8 cannot fail as a 500. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bodyRoutes")
    void brokenFormBodyIsAValidationErrorNamingContentType(String route) {
        long meetingEvents = storedEvents(meetingId);

        Reply reply = failed(send(route, paid(host), "application/x-www-form-urlencoded",
                "{\"args\":{\"meetingId\":\"" + meetingId + "%E9%\"}}=%ZZ&a=%C3"), "VALIDATION_ERROR");

        assertThat(reply.field()).isEqualTo("Content-Type");
        // PUT, PATCH and DELETE form bodies are parsed by no filter either, with or without a token
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            for (String token : Arrays.asList(paid(host), null)) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + route))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .method(method, HttpRequest.BodyPublishers.ofString("a=%ZZ&b=%C3"));
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                Reply other = exchange(request.build());
                assertThat(other.status()).as(method + " " + other.body()).isIn(400, 401);
                assertThat(other.code()).isIn("VALIDATION_ERROR", "UNAUTHORIZED");
            }
        }
        assertThat(storedEvents(meetingId)).isEqualTo(meetingEvents);
    }

    static Stream<String> bodyRoutes() {
        return Stream.of(RUN + "lifecycle/joinMeeting", RUN + "queries/getMeeting", "/webhooks/getstream");
    }

    /**
     * The routes have one representation, the JSON envelope, whatever the client asks for: an Accept the gateway
     * cannot honour used to be a 406 or 500 with an empty body, or the envelope in YAML, and an Accept with an
     * unknown charset failed only while the answer was written, after the meeting had been created.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("oddAccepts")
    void anyAcceptIsAnsweredWithTheJsonEnvelope(String accept) {
        long meetings = createdMeetings();

        Reply created = ok(run(RUN + "lifecycle/createMeeting", paid(host), args("{\"title\":\"Accept\"}"),
                "Accept", accept));
        assertThat(created.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        assertThat(createdMeetings()).isEqualTo(meetings + 1);

        Reply refused = failed(run(RUN + "lifecycle/createMeeting", paid(host), args("{\"title\":5}"),
                "Accept", accept), "VALIDATION_ERROR");
        assertThat(refused.field()).isEqualTo("args.title");
        assertThat(createdMeetings()).isEqualTo(meetings + 1);
    }

    static Stream<String> oddAccepts() {
        return Stream.of("application/xml", "text/html", "text/plain", "text/event-stream", "application/yaml",
                "application/problem+json", "application/json; charset=latin1", "application/json;q=0", "foo",
                "*/*;q=x", "image/png, */*;q=0");
    }

    @Test
    void otherMethodsAndUnknownRoutesAnswerInTheEnvelope() {
        Reply wrongMethod = failed(getWithToken(RUN + "queries/getMeeting", paid(host)), "VALIDATION_ERROR");
        assertThat(wrongMethod.field()).isEqualTo("method");
        failed(run(RUN + "lifecycle/teleportMeeting", paid(host), meeting(meetingId)), "NOT_FOUND");
        // rejected by the request firewall before any controller: still the envelope
        failed(run(RUN + "lifecycle/startMeeting;jsessionid=1", paid(host), meeting(meetingId)), "VALIDATION_ERROR");
        // the error page asked for directly is no route (it was a 500 INTERNAL_ERROR: no error to report)
        failed(getWithToken("/error", paid(host)), "NOT_FOUND");
        failed(run("/error", paid(host), meeting(meetingId)), "NOT_FOUND");
    }

    /**
     * A route's arguments are its body's {@code args}: a query string is refused rather than passed over (a client
     * sending {@code ?title=...} was answered as if it had sent nothing).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("queryStrings")
    void aQueryStringOnARouteIsAValidationErrorAndNothingIsStored(String query) {
        long meetings = createdMeetings();

        Reply reply = failed(run(RUN + "lifecycle/createMeeting?" + query, paid(host), args("{\"title\":\"Query\"}")),
                "VALIDATION_ERROR");

        assertThat(reply.field()).isEqualTo("query");
        assertThat(createdMeetings()).isEqualTo(meetings);
    }

    static Stream<String> queryStrings() {
        return Stream.of("args=1", "title=Other", "title=", "%ff=1", "x");
    }

    /**
     * Tomcat answers a transfer coding or an HTTP version it does not speak itself (501, 505): the client's error, a
     * VALIDATION_ERROR (it was INTERNAL_ERROR, "An unexpected error occurred").
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsTomcatDoesNotSpeak")
    void aRequestTomcatDoesNotSpeakIsTheClientsError(String why, String request, int status) throws IOException {
        String answer;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(answer).startsWith("HTTP/1.1 " + status);
        JsonNode envelope = JSON.readTree(answer.substring(answer.indexOf('{'), answer.lastIndexOf('}') + 1));
        assertThat(envelope.at("/errorData/code").asString()).as(answer).isEqualTo("VALIDATION_ERROR");
    }

    static Stream<Arguments> requestsTomcatDoesNotSpeak() {
        String body = "{\"args\":{\"title\":\"Coded\"}}";
        return Stream.of(
                Arguments.of("HTTP/2.0 request line", "GET /actuator/health HTTP/2.0\r\nHost: x\r\n\r\n", 505),
                Arguments.of("Transfer-Encoding gzip, chunked", "POST " + RUN + "lifecycle/createMeeting HTTP/1.1\r\n"
                        + "Host: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n"
                        + "Connection: close\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body
                        + "\r\n0\r\n\r\n", 501));
    }

    /** No route takes a compressed body: declared, it is refused, rather than ignored (a real gzip body was read as
     * text and refused as invalid UTF-8, a JSON body declared gzip or br was accepted). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("contentEncodings")
    void aDeclaredContentEncodingIsAValidationErrorNamingIt(String encoding) {
        long meetings = createdMeetings();

        Reply reply = failed(run(RUN + "lifecycle/createMeeting", paid(host), args("{\"title\":\"Encoded\"}"),
                "Content-Encoding", encoding), "VALIDATION_ERROR");

        assertThat(reply.field()).isEqualTo("Content-Encoding");
        assertThat(createdMeetings()).isEqualTo(meetings);
    }

    static Stream<String> contentEncodings() {
        return Stream.of("gzip", "br", "deflate", "x-unknown", "gzip, identity");
    }

    /** Headers over the server's limit are refused by Tomcat before any filter: the envelope, never a 500. */
    @Test
    void headersOverTheServerLimitAreRefusedInTheEnvelope() {
        Reply reply = run(RUN + "queries/getMeeting", "x".repeat(70_000), meeting(meetingId));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void withoutATokenNothingIsRead() {
        Reply reply = run(RUN + "lifecycle/startMeeting", null, meeting(meetingId));
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(reply.code()).isEqualTo("UNAUTHORIZED");
    }
}
