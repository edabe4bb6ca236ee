package io.connvo.meetings.gateway.web;

import static io.connvo.meetings.testsupport.TestHttp.failed;
import static io.connvo.meetings.testsupport.TestHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Managing participants and listing meetings, over HTTP with real tokens. */
class ParticipantRoutesHttpTest extends GatewayHttpTest {

    private Reply addMany(String token, String meetingId, String... users) {
        return run(RUN + "lifecycle/addMultipleParticipants", token, args("{\"meetingId\":\"" + meetingId
                + "\",\"userIds\":[" + String.join(",", quoted(users)) + "]}"));
    }

    private static List<String> quoted(String... values) {
        List<String> quoted = new ArrayList<>();
        for (String value : values) {
            quoted.add("\"" + value + "\"");
        }
        return quoted;
    }

    private Reply role(String token, String meetingId, String user, String role) {
        return run(RUN + "lifecycle/updateParticipantRole", token,
                args("{\"meetingId\":\"" + meetingId + "\",\"userId\":\"" + user + "\",\"role\":\"" + role + "\"}"));
    }

    private Reply remove(String token, String meetingId, String user) {
        return run(RUN + "lifecycle/removeParticipant", token,
                args("{\"meetingId\":\"" + meetingId + "\",\"userId\":\"" + user + "\"}"));
    }

    private List<String> participants(String token, String meetingId) {
        List<String> ids = new ArrayList<>();
        ok(run(RUN + "queries/listMeetingParticipants", token, meeting(meetingId))).value().get("participants")
                .forEach(p -> ids.add(p.get("userId").asString() + ":" + p.get("role").asString()));
        return ids;
    }

    @Test
    void severalAreAddedAllOrNothing() {
        String host = user();
        String a = user();
        String b = user();
        String c = user();
        String meetingId = create(free(host), "{\"title\":\"Team\"}");

        JsonNode added = ok(addMany(free(host), meetingId, a, b)).value();
        assertThat(added.at("/meeting/participants").size()).isEqualTo(3);

        long events = storedEvents(meetingId);
        failed(addMany(free(host), meetingId, c, b), "CONFLICT");
        failed(addMany(free(host), meetingId, c, c), "VALIDATION_ERROR");
        assertThat(failed(addMany(free(host), meetingId, user(), user(), user(), user(), user()), "VALIDATION_ERROR")
                .field()).isEqualTo("userIds");
        assertThat(failed(addMany(free(host), meetingId), "VALIDATION_ERROR").field()).isEqualTo("args.userIds");
        assertThat(failed(addMany(free(host), meetingId, c, "bad id"), "VALIDATION_ERROR").field())
                .isEqualTo("args.userIds[1]");
        failed(addMany(free(a), meetingId, c), "INSUFFICIENT_PERMISSIONS");
        failed(addMany(free(c), meetingId, c), "NOT_FOUND");
        assertThat(storedEvents(meetingId)).isEqualTo(events);
        assertThat(participants(free(a), meetingId)).containsExactly(host + ":host", a + ":participant", b + ":participant");
    }

    @Test
    void aCoHostEndsTheMeetingButNobodyDemotesTheCreator() {
        String host = user();
        String cohost = user();
        String meetingId = create(free(host), "{\"title\":\"Team\"}");
        ok(addMany(free(host), meetingId, cohost));
        failed(run(RUN + "lifecycle/endMeeting", free(cohost), meeting(meetingId)), "INSUFFICIENT_PERMISSIONS");

        ok(role(free(host), meetingId, cohost, "host"));
        assertThat(participants(free(host), meetingId)).containsExactly(host + ":host", cohost + ":host");
        assertThat(failed(role(free(cohost), meetingId, host, "participant"), "VALIDATION_ERROR").field())
                .isEqualTo("userId");
        assertThat(failed(role(free(cohost), meetingId, host, "admin"), "VALIDATION_ERROR").field())
                .isEqualTo("args.role");
        failed(remove(free(cohost), meetingId, host), "VALIDATION_ERROR");

        ok(run(RUN + "lifecycle/startMeeting", free(host), meeting(meetingId)));
        JsonNode ended = ok(run(RUN + "lifecycle/endMeeting", free(cohost), meeting(meetingId))).value();
        assertThat(ended.at("/meeting/state").asString()).isEqualTo("concluded");
    }

    @Test
    void aRemovedParticipantLeavesAndNoLongerSeesTheMeeting() {
        String host = user();
        String guest = user();
        String meetingId = create(free(host), "{\"title\":\"Team\"}");
        ok(addMany(free(host), meetingId, guest));
        ok(run(RUN + "lifecycle/startMeeting", free(host), meeting(meetingId)));
        ok(run(RUN + "lifecycle/joinMeeting", free(guest), meeting(meetingId)));
        failed(remove(free(guest), meetingId, host), "INSUFFICIENT_PERMISSIONS");

        JsonNode removed = ok(remove(free(host), meetingId, guest)).value();

        assertThat(removed.at("/meeting/participants").size()).isEqualTo(1);
        failed(run(RUN + "queries/getMeeting", free(guest), meeting(meetingId)), "NOT_FOUND");
        failed(run(RUN + "queries/listMeetingParticipants", free(guest), meeting(meetingId)), "NOT_FOUND");
        failed(run(RUN + "lifecycle/joinMeeting", free(guest), meeting(meetingId)), "NOT_FOUND");
        failed(remove(free(host), meetingId, guest), "NOT_FOUND");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ?")
                .param(meetingId).param("%ParticipantLeft").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void myMeetingsNewestFirstByStateInPages() {
        String me = user();
        String first = create(free(me), "{\"title\":\"First\"}");
        String second = create(free(me), "{\"title\":\"Second\"}");
        String third = create(free(me), "{\"title\":\"Third\"}");
        String someoneElses = create(free(user()), "{\"title\":\"Not mine\"}");
        ok(run(RUN + "lifecycle/cancelMeeting", free(me), meeting(second)));

        JsonNode page1 = ok(run(RUN + "queries/listUserMeetings", free(me), args("{\"limit\":2}"))).value();
        assertThat(ids(page1)).containsExactly(third, second);
        assertThat(page1.at("/meetings/0/role").asString()).isEqualTo("host");
        JsonNode page2 = ok(run(RUN + "queries/listUserMeetings", free(me),
                args("{\"limit\":2,\"cursor\":\"" + page1.get("nextCursor").asString() + "\"}"))).value();
        assertThat(ids(page2)).containsExactly(first);
        assertThat(page2.get("nextCursor").isNull()).isTrue();
        assertThat(ids(ok(run(RUN + "queries/listUserMeetings", free(me), args("{\"state\":\"cancelled\"}"))).value()))
                .containsExactly(second);
        assertThat(ids(ok(run(RUN + "queries/listUserMeetings", free(me), args("{}"))).value()))
                .doesNotContain(someoneElses);

        assertThat(failed(run(RUN + "queries/listUserMeetings", free(me), args("{\"state\":\"Cancelled\"}")),
                "VALIDATION_ERROR").field()).isEqualTo("args.state");
        assertThat(failed(run(RUN + "queries/listUserMeetings", free(me), args("{\"cursor\":\"nonsense\"}")),
                "VALIDATION_ERROR").field()).isEqualTo("cursor");
        assertThat(failed(run(RUN + "queries/listUserMeetings", free(me), args("{\"limit\":0}")),
                "VALIDATION_ERROR").field()).isEqualTo("limit");
        assertThat(failed(run(RUN + "queries/listUserMeetings", free(me), args("{\"limit\":\"ten\"}")),
                "VALIDATION_ERROR").field()).isEqualTo("args.limit");
    }

    @Test
    void theRoutesAreDocumented() {
        JsonNode paths = get("/v3/api-docs").json().get("paths");
        for (String route : List.of("lifecycle/addMultipleParticipants", "lifecycle/removeParticipant",
                "lifecycle/updateParticipantRole", "queries/listMeetingParticipants", "queries/listUserMeetings")) {
            assertThat(paths.path(RUN + route).path("post").path("responses").has("200")).as(route).isTrue();
        }
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("meetings").forEach(m -> ids.add(m.get("meetingId").asString()));
        return ids;
    }
}
