package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.connvo.sandbox.getstream.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The auditor's page in a real browser: Debian's chromium driven by playwright-core (src/test/browser, installed
 * with {@code npm ci} under target/). A meeting with one recording through to ready and one that failed; the page,
 * with a development token minted on it, shows every stored event on the axis and in the table, an event's payload,
 * the state just after the first event and at an instant picked on the axis, and each recording's lifecycle; a
 * caller who may not read the meeting sees the refusal. The screenshot lands in target/audit-page.png.
 */
class AuditPageBrowserTest extends StandaloneHttpTest {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Path SCRIPT_DIR = Path.of("src", "test", "browser");
    private static final Path WORK_DIR = Path.of("target", "browser");

    @Test
    void auditorSeesTheTimelineStatesAndRecordingsOfAMeeting() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no chromium at " + CHROMIUM + " (apt-get install chromium)");
        Assumptions.assumeTrue(commandWorks("node", "--version") && commandWorks("npm", "--version"), "no node/npm");
        installPlaywright();

        sandbox.recover();
        getStreamCircuitBreaker.reset();
        String hostId = user("host");
        String host = paidUserToken(hostId);
        String meetingId = provisionedPaidMeeting(host);
        String ready = ok("stream/index/startRecording", Map.of("meetingId", meetingId), host).path("recordingId").asString();
        awaitRecording(meetingId, ready, host, r -> r.path("status").asString().equals("active"));
        ok("stream/index/stopRecording", Map.of("meetingId", meetingId), host);
        awaitRecording(meetingId, ready, host, r -> r.path("status").asString().equals("ready"));
        sandbox.failAlways(Endpoint.START_RECORDING, 400);
        Reply refused = post("stream/index/startRecording", Map.of("meetingId", meetingId), host);
        sandbox.recover();
        assertThat(refused.code()).isEqualTo("STREAM_ERROR");
        String failed = recordingIds(meetingId, host).stream().filter(id -> !id.equals(ready)).findFirst().orElseThrow();
        ok("lifecycle/endMeeting", Map.of("meetingId", meetingId), host);
        awaitMeeting(meetingId, host, m -> m.path("state").asString().equals("concluded"));
        waiting().until(() -> events(meetingId).contains("TranscriptionReady")); // the last webhook after the end
        sandbox.webhooksIdle().get();
        List<String> stored = events(meetingId);

        Path screenshot = Path.of("target", "audit-page.png").toAbsolutePath();
        JsonNode page = runPage(meetingId, paidUserToken(user("outsider")), screenshot);

        assertThat(page.path("title").asString()).contains("audit");
        assertThat(page.path("outsiderError").asString()).startsWith("NOT_FOUND");
        assertThat(page.path("error").asString()).isEmpty();
        assertThat(page.path("scriptErrors")).isEmpty();
        List<String> types = new ArrayList<>();
        page.path("rows").forEach(row -> types.add(row.get(2).asString()));
        assertThat(types).as("one row per stored event, in order").isEqualTo(stored);
        assertThat(page.path("marks").asInt()).isEqualTo(stored.size());
        JsonNode firstRow = page.path("rows").get(0);
        assertThat(firstRow.get(0).asString()).isEqualTo("0");
        assertThat(firstRow.get(3).asString()).isEqualTo(hostId);
        assertThat(firstRow.get(4).asString()).isNotBlank();
        assertThat(page.path("legend").toString()).contains("users", "media saga");

        assertThat(page.path("firstDetail").path("title").asString()).isEqualTo("#0 · MeetingCreated");
        assertThat(page.path("firstDetail").path("payload").path("meetingId").asString()).isEqualTo(meetingId);
        assertThat(page.path("stateAfterFirst").path("state").asString()).isEqualTo("scheduled");
        assertThat(page.path("stateAfterFirst").path("host").asString()).isEqualTo(hostId);
        assertThat(page.path("latestState").path("state").asString()).isEqualTo("concluded");
        assertThat(Instant.parse(page.path("pickedAt").asString())).isBefore(Instant.now());
        assertThat(page.path("pickedState").path("state").asString()).isIn("active", "concluded");

        JsonNode recordings = page.path("recordings");
        assertThat(recordings).hasSize(2);
        for (JsonNode recording : recordings) {
            List<String> steps = new ArrayList<>();
            recording.path("steps").forEach(step -> steps.add(step.asString()));
            assertThat(steps.get(0)).isEqualTo("RecordingStarted");
            if (recording.path("id").asString().equals(ready)) {
                assertThat(recording.path("status").asString()).isEqualTo("ready");
                assertThat(steps).contains("RecordingActivated", "RecordingStopRequested").endsWith("RecordingReady");
            } else {
                assertThat(recording.path("id").asString()).isEqualTo(failed);
                assertThat(recording.path("status").asString()).isEqualTo("failed");
                assertThat(steps).endsWith("RecordingFailed");
            }
        }
        assertThat(Files.size(screenshot)).as("the screenshot").isGreaterThan(10_000);
    }

    private List<String> recordingIds(String meetingId, String token) {
        List<String> ids = new ArrayList<>();
        ok("queries/listRecordings", Map.of("meetingId", meetingId), token).path("recordings")
                .forEach(r -> ids.add(r.path("recordingId").asString()));
        return ids;
    }

    private JsonNode runPage(String meetingId, String outsiderToken, Path screenshot) throws Exception {
        ProcessBuilder node = new ProcessBuilder("node", "audit-page.mjs").directory(WORK_DIR.toFile());
        node.environment().putAll(Map.of("BASE_URL", "http://127.0.0.1:" + port, "MEETING_ID", meetingId,
                "OUTSIDER_TOKEN", outsiderToken, "SCREENSHOT", screenshot.toString(), "CHROMIUM", CHROMIUM.toString()));
        String output = run(node, 120);
        return JSON.readTree(output);
    }

    /** npm ci of the committed package-lock.json into target/browser, once per build. */
    private static void installPlaywright() throws Exception {
        Files.createDirectories(WORK_DIR);
        for (String file : List.of("package.json", "package-lock.json", "audit-page.mjs")) {
            Files.copy(SCRIPT_DIR.resolve(file), WORK_DIR.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(WORK_DIR.resolve("node_modules").resolve("playwright-core"))) {
            run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(WORK_DIR.toFile()), 300);
        }
    }

    private static boolean commandWorks(String... command) {
        try {
            run(new ProcessBuilder(command), 30);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs a command to completion; its standard output, or an AssertionError with both outputs. */
    private static String run(ProcessBuilder command, int timeoutSeconds) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("command", ".err");
        Process process = command.redirectError(stderr.toFile()).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String errors = Files.readString(stderr);
        Files.delete(stderr);
        String out = new String(stdout, StandardCharsets.UTF_8);
        if (!finished || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command.command()) + " failed: " + out + "\n" + errors);
        }
        return out;
    }
}
