package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.connvo.sandbox.getstream.GetStreamSandbox;
import io.connvo.sandbox.getstream.SandboxConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The packaged standalone jar as a child process: several clients create and start meetings at once (and one
 * starts a paid meeting's recording), the process is killed with SIGKILL a few milliseconds after the last
 * acknowledgement (0 to 500 ms, a different delay each round) and restarted on the same store. Every effect a
 * client was told of must be there after the restart: starting an acknowledged meeting again is refused as
 * already active (never a second start, never NOT_FOUND), its view shows it active, and an acknowledged recording
 * is still in progress. Rounds accumulate on one store, so each restart also checks every earlier round.
 * Subclasses choose the store.
 */
abstract class KillAfterAcknowledgement {

    static final String KEY = "kill-key";
    static final String SECRET = "kill-after-acknowledgement-secret-0123456789";
    static final int CLIENTS = 8;
    static final int MEETINGS_PER_CLIENT = 3;
    static final long[] KILL_DELAYS_MS = {0, 120, 450};

    final Path dataDir = Path.of("target", "kill-data", UUID.randomUUID().toString()).toAbsolutePath();
    private GetStreamSandbox sandbox;
    private StandaloneProcess child;
    private String paidHost;
    private String freeHost;

    /** Arguments that put the process on the store under test (beyond --connvo.data-dir). */
    abstract List<String> storeArgs();

    abstract String storeName();

    @AfterEach
    void closeAll() {
        if (child != null) {
            child.destroy();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void everyAcknowledgedCommandSurvivesSigkillRightAfterItsAnswer() throws Exception {
        child = new StandaloneProcess();
        sandbox = new GetStreamSandbox(SandboxConfig.of(KEY, SECRET)).start();
        sandbox.webhookUrl(URI.create(child.base() + "/webhooks/getstream"));
        List<String> meetings = new ArrayList<>();
        Map<String, String> recordings = new TreeMap<>();
        for (int round = 0; round <= KILL_DELAYS_MS.length; round++) {
            start("round" + round);
            if (round == 0) {
                paidHost = child.token("{\"sub\":\"user_kill_host\",\"role\":\"admin\"}");
                freeHost = child.token("{\"sub\":\"user_kill_free\"}");
            }
            assertAcknowledgedEffects(meetings, recordings);
            if (round == KILL_DELAYS_MS.length) {
                break;
            }
            Acknowledged acknowledged = burst();
            Thread.sleep(KILL_DELAYS_MS[round]);
            child.kill();
            System.out.printf("%s round %d: SIGKILL %d ms after the last of %d acknowledged meetings and %d recording%n",
                    storeName(), round, KILL_DELAYS_MS[round], acknowledged.meetings.size(),
                    acknowledged.recordings.size());
            meetings.addAll(acknowledged.meetings);
            recordings.putAll(acknowledged.recordings);
        }
        System.out.printf("%s: %d meetings and %d recordings acknowledged over %d kills, all found after restarts%n",
                storeName(), meetings.size(), recordings.size(), KILL_DELAYS_MS.length);
    }

    record Acknowledged(List<String> meetings, Map<String, String> recordings) {
    }

    /** CLIENTS clients creating and starting meetings at once, one more starting a paid meeting's recording. */
    private Acknowledged burst() throws Exception {
        ConcurrentLinkedQueue<String> started = new ConcurrentLinkedQueue<>();
        Map<String, String> recording = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        try {
            List<Future<?>> done = new ArrayList<>();
            done.add(clients.submit(() -> {
                String meetingId = createAndStart(paidHost, true);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() ->
                        view(meetingId, paidHost).path("roomStatus").asString().equalsIgnoreCase("provisioned"));
                JsonNode answer = run("stream/index/startRecording", Map.of("meetingId", meetingId), paidHost);
                assertThat(answer.path("status").asString()).as(answer.toString()).isEqualTo("success");
                recording.put(meetingId, answer.path("value").path("recordingId").asString());
                return null;
            }));
            // the free clients go on until the recording is acknowledged, so that the last answers of all clients
            // come close together, right before the kill
            for (int c = 0; c < CLIENTS; c++) {
                done.add(clients.submit(() -> {
                    for (int m = 0; m < MEETINGS_PER_CLIENT || recording.isEmpty(); m++) {
                        started.add(createAndStart(freeHost, false));
                    }
                    return null;
                }));
            }
            for (Future<?> client : done) {
                client.get(180, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        return new Acknowledged(new ArrayList<>(started), recording);
    }

    private String createAndStart(String token, boolean paid) throws Exception {
        JsonNode created = run("lifecycle/createMeeting",
                paid ? Map.of("title", "Kill", "recordingEnabled", true) : Map.of("title", "Kill"), token);
        assertThat(created.path("status").asString()).as(created.toString()).isEqualTo("success");
        String meetingId = created.path("value").path("meetingId").asString();
        JsonNode startedAnswer = run("lifecycle/startMeeting", Map.of("meetingId", meetingId), token);
        assertThat(startedAnswer.path("status").asString()).as(startedAnswer.toString()).isEqualTo("success");
        return meetingId;
    }

    /**
     * Asked of the command side first (an answer from the event store, not from a projection that may still be
     * catching up), then of the views once they have caught up.
     */
    private void assertAcknowledgedEffects(List<String> meetings, Map<String, String> recordings) throws Exception {
        Map<String, String> hosts = new TreeMap<>();
        meetings.forEach(meetingId -> hosts.put(meetingId, freeHost));
        recordings.keySet().forEach(meetingId -> hosts.put(meetingId, paidHost));
        for (Map.Entry<String, String> meeting : hosts.entrySet()) {
            JsonNode again = run("lifecycle/startMeeting", Map.of("meetingId", meeting.getKey()), meeting.getValue());
            assertThat(again.path("errorMessage").asString()).as("starting %s again: %s", meeting.getKey(), again)
                    .isEqualTo("Meeting is already active");
        }
        for (Map.Entry<String, String> recording : recordings.entrySet()) {
            JsonNode again = run("stream/index/startRecording", Map.of("meetingId", recording.getKey()), paidHost);
            assertThat(again.path("errorData").path("code").asString()).as("recording %s again: %s",
                    recording.getValue(), again).isEqualTo("CONFLICT");
        }
        for (Map.Entry<String, String> meeting : hosts.entrySet()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                    view(meeting.getKey(), meeting.getValue()).path("state").asString().equalsIgnoreCase("active"));
        }
        for (Map.Entry<String, String> recording : recordings.entrySet()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> run("queries/listRecordings", Map.of("meetingId", recording.getKey()), paidHost)
                            .path("value").path("recordings").toString().contains(recording.getValue()));
        }
    }

    private void start(String run) throws Exception {
        List<String> args = new ArrayList<>(List.of("--connvo.data-dir=" + dataDir,
                "--connvo.getstream.api-key=" + KEY, "--connvo.getstream.api-secret=" + SECRET,
                "--connvo.getstream.base-url=" + sandbox.baseUrl(),
                "--connvo.gateway.recording-start-timeout=300ms",
                // on a loaded machine kill, restart and start-up can outlast the default minute in which a recording
                // must have started, and the guard would then rightly fail the acknowledged recording
                "--connvo.guards.recording-start-timeout=10m"));
        args.addAll(storeArgs());
        child.start("kill-logs", storeName() + "-" + run, args);
    }

    private JsonNode view(String meetingId, String token) throws Exception {
        return run("queries/getMeeting", Map.of("meetingId", meetingId), token).path("value");
    }

    private JsonNode run(String route, Map<String, ?> args, String token) throws Exception {
        return child.run(route, args, token);
    }
}
