package io.connvo.meetings.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/** Every selected scenario on one store: the baseline first, then the standalone process. */
final class StoreRun {

    private static final Map<String, Object> RECORDING_CONFIG =
            Map.of("mode", "available", "audioOnly", false, "quality", "720p", "layout", "grid");
    /** The requests of a recording cycle timed apart. */
    private static final String START_RECORDING_PART = "startRecording";
    private static final String STOP_RECORDING_PART = "stopRecording";
    /** createMeeting stores MeetingCreated and the host's ParticipantAdded. */
    private static final int EVENTS_PER_CREATED_MEETING = 2;

    private final BenchConfig config;
    private final Store store;
    /** What follows the JVM options on the standalone's command line ({@link StandaloneLaunch}). */
    private final List<String> standaloneLaunch;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> profiles = new ArrayList<>();
    /** The measured windows of the standalone's scenarios, for the CPU breakdown of the JFR recording. */
    private final List<CpuBreakdown.Window> windows = new ArrayList<>();
    private final LoadDriver driver = new LoadDriver();
    /** A lower bound of the events the standalone stored (one per accepted command): sizes the replay top-up. */
    private final AtomicLong eventsWritten = new AtomicLong();

    private Double baselineThroughput;
    private double createThroughput = 100;
    private ChildProcess standalone;
    private Api api;
    private String freeToken;
    private String paidToken;

    StoreRun(BenchConfig config, Store store, List<String> standaloneLaunch) {
        this.config = config;
        this.store = store;
        this.standaloneLaunch = standaloneLaunch;
    }

    List<Row> execute() throws Exception {
        if (config.runs("baseline")) {
            runBaseline();
        }
        try {
            startStandalone();
        } catch (Exception e) {
            if (standalone != null) {
                standalone.close();
            }
            rows.add(Row.skipped("standalone", store.name(), "could not start: " + firstLine(e.getMessage())));
            return rows;
        }
        try {
            if (config.runs("createMeeting")) {
                createMeeting();
            }
            if (config.runs("startMeeting-free")) {
                startMeeting("startMeeting-free", false, 0);
            }
            if (config.runs("startMeeting-paid")) {
                startMeeting("startMeeting-paid", true, 0);
            }
            if (config.runs("startMeeting-rate")) {
                startMeeting("startMeeting-rate", false, config.rate());
            }
            if (config.runs("getMeeting")) {
                getMeeting();
            }
            if (config.runs("getMeeting-after-command")) {
                readYourWrites();
            }
            if (config.runs("recording-cycle")) {
                recordingCycles();
            }
            if (config.runs("projection-lag")) {
                projectionLag();
            }
            if (config.runs("replay")) {
                replay();
            }
        } finally {
            if (config.jfr()) {
                standalone.dumpFlightRecording();
            }
            standalone.close();
        }
        if (config.jfr()) {
            Path recording = jfrFile();
            profiles.add("### JFR profile of the standalone process on " + store.name() + " (all scenarios after start-up)\n\n"
                    + JfrSummary.summarize(recording, 20, new CpuBreakdown(windows, CpuBreakdown.hostCpus())));
        }
        return rows;
    }

    /** Markdown sections with the profiles recorded during {@link #execute()}. */
    List<String> profiles() {
        return profiles;
    }

    private Path jfrFile() {
        return config.workDir().resolve("standalone-" + store.name() + ".jfr").toAbsolutePath();
    }

    // ---- baseline ----------------------------------------------------------------------------------------

    private void runBaseline() throws Exception {
        List<String> launch = List.of("-jar", config.benchmarksJar().toString(), "baseline");
        try (ChildProcess baseline = ChildProcess.start("baseline-" + store.name(), config.jvmArgs(), launch,
                store.baselineArgs(), config.workDir(), StoreRun::tokenIssued, config.startupTimeout())) {
            Api baselineApi = baseline.api();
            String token = baselineApi.mintToken("bench-baseline-" + UUID.randomUUID(), "member", List.of());
            baseline.resetPeakMemory();
            LoadDriver.Result result = driver.run(
                    clock -> baselineApi.run("/api/run/baseline/insert", token, Map.of("title", "Bench meeting")).errorCode(),
                    settings(config.clients(), 0));
            baselineThroughput = result.throughput();
            rows.add(Row.measured("baseline (JWT + 1 insert)", store.name(), Integer.toString(config.clients()), result, "req/s",
                    baselineThroughput, baseline.peakMemoryBytes(), "bare Spring MVC, started in " + seconds(baseline.startup())));
        }
    }

    // ---- standalone --------------------------------------------------------------------------------------

    private void startStandalone() throws Exception {
        List<String> args = new ArrayList<>(store.standaloneArgs());
        args.addAll(config.standaloneArgs());
        List<String> jvmArgs = new ArrayList<>(config.jvmArgs());
        if (config.jfr()) {
            jvmArgs.add(ChildProcess.DEEP_JFR_STACKS);
        }
        standalone = ChildProcess.start("standalone-" + store.name(), jvmArgs, standaloneLaunch,
                args, config.workDir(), StoreRun::healthUp, config.startupTimeout());
        api = standalone.api();
        if (config.jfr()) {
            standalone.startFlightRecording(jfrFile());
        }
        if (config.runs("startup")) {
            rows.add(new Row("startup (process start → health UP)", store.name(), "", null, "", null, null, null, null,
                    standalone.startup().toMillis() / 1.0, 1, "0", standalone.peakMemoryBytes(),
                    seconds(standalone.startup()) + " (target ≤ 6 s), " + seconds(standalone.startupCpu()) + " CPU, launch "
                            + config.launch() + "; the max column is the start-up time"));
        }
        freeToken = api.mintToken("bench-free-" + UUID.randomUUID(), "member", List.of());
        paidToken = api.mintToken("bench-paid-" + UUID.randomUUID(), "admin", List.of());
    }

    /** Health UP at {@code /actuator/health}; where the actuator is absent, a working dev token issuer. */
    static boolean healthUp(Api api) throws Exception {
        Api.Response health = api.get("/actuator/health", null);
        if (health.status() == 404) {
            return tokenIssued(api);
        }
        return health.status() == 200 && "UP".equals(health.body().path("status").asString(""));
    }

    private static boolean tokenIssued(Api api) throws Exception {
        try {
            api.mintToken("bench-ready-probe", "member", List.of());
            return true;
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    private void createMeeting() throws Exception {
        standalone.resetPeakMemory();
        LoadDriver.Result result = driver.run(clock -> {
            Api.Response response = api.run(Api.CREATE_MEETING, freeToken, createArgs(false));
            countEvent(response);
            return response.errorCode();
        }, settings(config.clients(), 0));
        createThroughput = Math.max(1, result.throughput());
        measured("createMeeting (free)", result);
        rows.add(Row.measured("createMeeting (free)", store.name(), Integer.toString(config.clients()), result, "req/s",
                baselineThroughput, standalone.peakMemoryBytes(), ""));
    }

    private void startMeeting(String scenario, boolean paid, double rate) throws Exception {
        double window = (rate > 0 ? config.duration() : config.warmup().plus(config.duration())).toMillis() / 1000.0;
        int clients = rate > 0 ? Math.max(config.clients(), (int) Math.ceil(rate / 10)) : config.clients();
        int wanted = (int) Math.ceil((rate > 0 ? rate * 1.05 : createThroughput * 1.5) * window) + clients;
        int poolSize = Math.min(config.poolCap(), wanted);
        Queue<String> meetings = prepare(poolSize, paid, false, false);
        // A capped pool would otherwise be spent in the warm-up, leaving the window without samples:
        // the warm-up gets only its share of the pool.
        Duration warmup = config.warmup().multipliedBy(poolSize).dividedBy(wanted);
        String token = paid ? paidToken : freeToken;
        standalone.resetPeakMemory();
        LoadDriver.Result result = driver.run(clock -> {
            String id = meetings.poll();
            if (id == null) {
                throw new Operation.PoolExhausted();
            }
            Api.Response response = api.run(Api.START_MEETING, token, Map.of("meetingId", id));
            countEvent(response);
            return response.errorCode();
        }, new LoadDriver.Settings(clients, rate > 0 ? Duration.ZERO : warmup, config.duration(), rate));
        measured(scenario, result);
        String label = rate > 0 ? clients + " @ " + format(rate) + "/s" : Integer.toString(clients);
        String note = paid ? "GetStream tier: provisioning continues in the saga (sandbox)" : "WebRTC tier";
        if (rate > 0) {
            note += "; latency from the intended send time (open loop, no warm-up: the JVM is warm from the scenarios before); target p99 ≤ 25 ms at 300/s";
        }
        rows.add(Row.measured(scenario, store.name(), label, result, "req/s", baselineThroughput, standalone.peakMemoryBytes(), note));
    }

    /** Reads of started meetings by their host, round-robin over a prepared pool that reads do not use up. */
    private void getMeeting() throws Exception {
        List<String> meetings = List.copyOf(prepare(config.readMeetings(), false, true, false));
        AtomicLong next = new AtomicLong();
        standalone.resetPeakMemory();
        LoadDriver.Result result = driver.run(clock -> {
            String id = meetings.get((int) (next.getAndIncrement() % meetings.size()));
            return api.run(Api.GET_MEETING, freeToken, Map.of("meetingId", id)).errorCode();
        }, settings(config.clients(), 0));
        measured("getMeeting", result);
        rows.add(Row.measured("getMeeting", store.name(), Integer.toString(config.clients()), result, "req/s", baselineThroughput,
                standalone.peakMemoryBytes(), "the host reads one of " + meetings.size()
                + " started free meetings, round-robin; target ≥ 100 % of the baseline"));
    }

    private void readYourWrites() throws Exception {
        standalone.resetPeakMemory();
        LoadDriver.Result result = driver.run(clock -> {
            Api.Response created = api.run(Api.CREATE_MEETING, freeToken, createArgs(false));
            if (!created.ok()) {
                return "create:" + created.errorCode();
            }
            String id = meetingId(created);
            Api.Response started = api.run(Api.START_MEETING, freeToken, Map.of("meetingId", id));
            if (!started.ok()) {
                return "start:" + started.errorCode();
            }
            eventsWritten.addAndGet(2);
            clock.restart();
            Api.Response view = api.run(Api.GET_MEETING, freeToken, Map.of("meetingId", id));
            if (!view.ok()) {
                return view.errorCode();
            }
            return "active".equals(view.value().path("state").asString("")) ? null : "STALE_READ";
        }, settings(config.clients(), 0));
        measured("getMeeting after startMeeting (per create + start + get)", result);
        rows.add(Row.measured("getMeeting after startMeeting", store.name(), Integer.toString(config.clients()), result, "req/s",
                null, standalone.peakMemoryBytes(),
                "latency of the getMeeting only; STALE_READ = view not yet active (read-your-writes broken); throughput counts create+start+get"));
    }

    private record Slot(String meetingId, int uses) {
    }

    private static Histogram part(LoadDriver.Result result, String part) {
        return result.partMicros().getOrDefault(part, new Histogram(3));
    }

    private static Map<String, Long> errorsOf(LoadDriver.Result result, String prefix) {
        Map<String, Long> errors = new TreeMap<>();
        result.errors().forEach((code, count) -> {
            if (code.startsWith(prefix)) {
                errors.put(code, count);
            }
        });
        return errors;
    }

    private void recordingCycles() throws Exception {
        // At most 3 starts per meeting in the whole run, so the aggregate's 3-per-minute limit is never what we measure.
        Queue<Slot> slots = new ConcurrentLinkedQueue<>();
        for (String id : prepare(config.recordingMeetings(), true, true, true)) {
            slots.add(new Slot(id, 0));
        }
        standalone.resetPeakMemory();
        LoadDriver.Result result = driver.run(clock -> {
            Slot slot = slots.poll();
            if (slot == null) {
                throw new Operation.PoolExhausted();
            }
            long startSent = System.nanoTime();
            Api.Response started = api.run(Api.START_RECORDING, paidToken, Map.of("meetingId", slot.meetingId(), "recordingConfig", RECORDING_CONFIG));
            clock.part(START_RECORDING_PART, startSent);
            Api.Response stopped = null;
            if (started.ok()) {
                long stopSent = System.nanoTime();
                stopped = api.run(Api.STOP_RECORDING, paidToken, Map.of("meetingId", slot.meetingId()));
                clock.part(STOP_RECORDING_PART, stopSent);
            }
            if (slot.uses() + 1 < 3) {
                slots.add(new Slot(slot.meetingId(), slot.uses() + 1));
            }
            if (!started.ok()) {
                return "start:" + started.errorCode();
            }
            eventsWritten.addAndGet(2);
            return stopped.ok() ? null : "stop:" + stopped.errorCode();
        }, settings(config.clients(), 0));
        measured("startRecording + stopRecording (per cycle)", result);
        long peak = standalone.peakMemoryBytes();
        String clients = Integer.toString(config.clients());
        rows.add(Row.measured("startRecording + stopRecording", store.name(), clients, result, "cycles/s",
                baselineThroughput, peak,
                "one sample = start then stop on a provisioned paid meeting (sandbox), " + config.recordingMeetings() + " meetings × ≤ 3 cycles"));
        rows.add(Row.latencies("startRecording (in the cycle)", store.name(), clients, part(result, START_RECORDING_PART),
                Row.errors(errorsOf(result, "start:")), peak, "the cycle's start alone; target p50 ≤ 50 ms (sandbox, no injected latency)"));
        rows.add(Row.latencies("stopRecording (in the cycle)", store.name(), clients, part(result, STOP_RECORDING_PART),
                Row.errors(errorsOf(result, "stop:")), peak, "the cycle's stop alone, after a start that succeeded"));
    }

    /**
     * Projection lag, measured from outside in two ways on paid meetings (see docs/BENCHMARKS.md):
     * <ul>
     * <li>the command's own event: startMeeting's response comes once the gateway saw the view at the new
     *     version, so lag ≤ time the response arrived − the view's {@code startedAt} (the event's time);</li>
     * <li>the saga's events (room provisioned, transcription): the harness polls getMeeting every 2 ms and
     *     matches each new version with its event's timestamp in the audit stream; lag ≤ first time the client
     *     saw the version − the event's timestamp (needs the audit endpoint).</li>
     * </ul>
     * Both are upper bounds: they include a response transfer or up to one poll interval and round trip.
     */
    private void projectionLag() throws Exception {
        Queue<String> meetings = prepare(config.lagSamples(), true, false, false);
        Histogram commandLag = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
        Histogram sagaLag = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
        Map<String, Long> commandErrors = new TreeMap<>();
        Map<String, Long> sagaErrors = new TreeMap<>();
        String auditMissing = null;
        int alreadyVisible = 0;
        standalone.resetPeakMemory();
        for (String id : meetings) {
            Api.Response started = api.run(Api.START_MEETING, paidToken, Map.of("meetingId", id));
            Instant answered = Instant.now();
            if (!started.ok()) {
                commandErrors.merge("start:" + started.errorCode(), 1L, Long::sum);
                continue;
            }
            Map<Long, Instant> firstSeen = new TreeMap<>();
            long firstVersion = -1;
            Instant lastChange = Instant.now();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                Api.Response view = api.run(Api.GET_MEETING, paidToken, Map.of("meetingId", id));
                Instant seen = Instant.now();
                long version = view.value().path("version").asLong(-1);
                if (firstVersion < 0) {
                    firstVersion = version;
                    Instant startedAt = instant(view.value().path("startedAt"));
                    if (startedAt == null) {
                        commandErrors.merge("NO_STARTED_AT", 1L, Long::sum);
                    } else {
                        commandLag.recordValue(Math.max(1, Duration.between(startedAt, answered).toNanos() / 1_000));
                    }
                }
                if (firstSeen.putIfAbsent(version, seen) == null) {
                    lastChange = seen;
                }
                String room = view.value().path("roomStatus").asString("");
                String transcription = view.value().path("transcriptionStatus").asString("");
                boolean settled = room.equals("provisioned") || room.equals("fallback");
                boolean transcribing = transcription.equals("active") || transcription.equals("failed");
                if (auditMissing != null || settled && (transcribing || Duration.between(lastChange, seen).toMillis() > 200)) {
                    break;
                }
                LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
            }
            if (auditMissing != null) {
                continue;
            }
            Api.Response audit = api.get("/api/audit/meetings/" + id + "/events", paidToken);
            if (audit.status() == 404 || audit.status() == 405) { // the meeting exists, so the route does not
                auditMissing = "no audit endpoint GET /api/audit/meetings/{id}/events to read event timestamps";
                continue;
            }
            if (!audit.ok()) {
                sagaErrors.merge("audit:" + audit.errorCode(), 1L, Long::sum);
                continue;
            }
            Map<Long, Instant> appended = eventTimestamps(audit.body());
            boolean any = false;
            for (Map.Entry<Long, Instant> entry : firstSeen.entrySet()) {
                Instant eventTime = appended.get(entry.getKey());
                if (entry.getKey() > firstVersion && eventTime != null) {
                    sagaLag.recordValue(Math.max(1, Duration.between(eventTime, entry.getValue()).toNanos() / 1_000));
                    any = true;
                }
            }
            if (appended.isEmpty()) {
                sagaErrors.merge("AUDIT_UNREADABLE", 1L, Long::sum);
            } else if (!any) {
                alreadyVisible++;
            }
        }
        long peak = standalone.peakMemoryBytes();
        rows.add(lagRow("projection lag: command event → view", commandLag, commandErrors, peak,
                "MeetingStarted: startMeeting response received − view startedAt (the gateway answers once the view has it); target p99 ≤ 100 ms"));
        if (auditMissing != null) {
            rows.add(Row.skipped("projection lag: saga events → view", store.name(), auditMissing));
        } else {
            rows.add(lagRow("projection lag: saga events → view", sagaLag, sagaErrors, peak,
                    "room provisioned / transcription: first 2 ms poll seeing the version − event timestamp (audit); " + alreadyVisible
                    + " meetings had the saga's events in the view already at the first read (no sample); target p99 ≤ 100 ms"));
        }
    }

    private Row lagRow(String scenario, Histogram lag, Map<String, Long> errors, long peak, String note) {
        return Row.latencies(scenario, store.name(), "1", lag, Row.errors(errors), peak, note);
    }

    private static Instant instant(JsonNode node) {
        if (node.isNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        String text = node.asString("");
        try {
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (RuntimeException notAnInstant) {
            return null;
        }
    }

    /** sequence → timestamp from the audit stream, whatever envelope it comes in. */
    private static Map<Long, Instant> eventTimestamps(JsonNode body) {
        Map<Long, Instant> result = new HashMap<>();
        for (JsonNode candidate : List.of(body, body.path("value"), body.path("value").path("events"), body.path("value").path("items"),
                body.path("value").path("content"), body.path("events"), body.path("items"))) {
            if (!candidate.isArray()) {
                continue;
            }
            for (JsonNode event : candidate) {
                JsonNode sequence = event.has("sequence") ? event.path("sequence") : event.path("sequenceNumber");
                JsonNode timestamp = event.path("timestamp");
                if (sequence.isMissingNode() || timestamp.isMissingNode()) {
                    continue;
                }
                Instant at = instant(timestamp);
                if (at != null) {
                    result.put(sequence.asLong(), at);
                }
            }
        }
        return result;
    }

    /**
     * Replay rate: one replay on the store as it is (it proves the endpoint exists and warms it up), then the
     * store is topped up to {@code replayEvents} events (by creating meetings) and a second replay is timed:
     * {@code POST} the admin endpoint, then {@code GET} it until it reports completion.
     */
    private void replay() throws Exception {
        String scenario = "replay (meeting view)";
        String path = config.replayPath();
        Replay probe = replayOnce(path);
        if (probe.error() != null) {
            rows.add(Row.skipped(scenario, store.name(), probe.error()));
            return;
        }
        long missing = config.replayEvents() - Math.max(eventsWritten.get(), probe.events());
        if (missing > 0) {
            prepare((int) Math.ceil(missing / (double) EVENTS_PER_CREATED_MEETING), false, false, false);
        }
        standalone.resetPeakMemory();
        Replay timed = replayOnce(path);
        if (timed.error() != null) {
            rows.add(Row.skipped(scenario, store.name(), timed.error()));
            return;
        }
        Double rate = timed.events() > 0 ? timed.events() / timed.seconds() : null;
        rows.add(new Row(scenario, store.name(), "", rate, "events/s", null, null, null, null, timed.seconds() * 1000, Math.max(0, timed.events()),
                "0", standalone.peakMemoryBytes(), timed.events() + " events in " + String.format(Locale.ROOT, "%.1f s", timed.seconds())
                + " (max column = replay time, from the server's replayStartedAt/replayCompletedAt where given); target ≥ 20,000 events/s"));
    }

    private record Replay(long events, double seconds, JsonNode status, String error) {
    }

    private Replay replayOnce(String path) throws Exception {
        long began = System.nanoTime();
        // The answer comes after the reset, which clears the whole view: on a large store under load, longer than
        // any other request takes (the server's own unit-of-work timeout bounds it).
        Api.Response started = api.post(path, paidToken, Map.of(), Duration.ofMinutes(2));
        if (started.status() == 404 || started.status() == 405) {
            return new Replay(-1, 0, null, "no admin replay endpoint POST " + path + " (audit issue; set --replay-path): " + started.body());
        }
        if (!started.ok()) {
            return new Replay(-1, 0, null, "POST " + path + " gave " + started.errorCode() + ": " + started.body());
        }
        JsonNode status = started.value();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (!replayDone(status) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
            status = api.get(config.replayStatusPath(), paidToken).value();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        // The server's own start and completion times, where it reports them, are sharper than our polling.
        Instant from = instant(status.path("replayStartedAt"));
        Instant to = instant(status.path("replayCompletedAt"));
        if (from != null && to != null && to.isAfter(from)) {
            seconds = Duration.between(from, to).toNanos() / 1e9;
        }
        return new Replay(firstNumber(status, "eventsReplayed", "replayed", "processed", "events", "count"), seconds, status, null);
    }

    private static boolean replayDone(JsonNode status) {
        if (status.has("replaying")) {
            return !status.path("replaying").asBoolean() && !status.path("replayCompletedAt").isNull();
        }
        String state = status.path("status").asString(status.path("state").asString("")).toLowerCase(Locale.ROOT);
        return state.equals("completed") || state.equals("done") || state.equals("finished") || state.equals("idle")
                || (status.has("running") && !status.path("running").asBoolean());
    }

    private static long firstNumber(JsonNode node, String... names) {
        for (String name : names) {
            if (node.path(name).isNumber()) {
                return node.path(name).asLong();
            }
        }
        return -1;
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static Map<String, Object> createArgs(boolean paid) {
        // maxParticipants > 4 on a paid token gives a GetStream meeting (the provider rule)
        return paid ? Map.of("title", "Bench meeting", "maxParticipants", 10) : Map.of("title", "Bench meeting", "maxParticipants", 4);
    }

    private static String meetingId(Api.Response created) {
        JsonNode value = created.value();
        return value.isString() ? value.asString() : value.path("meetingId").asString("");
    }

    private void countEvent(Api.Response response) {
        if (response.ok()) {
            eventsWritten.incrementAndGet();
        }
    }

    /** Creates {@code count} meetings with {@code clients} threads; optionally starts them and waits for the room. */
    private Queue<String> prepare(int count, boolean paid, boolean start, boolean awaitRoom) throws Exception {
        String token = paid ? paidToken : freeToken;
        Queue<String> prepared = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(config.clients());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    Api.Response created = api.run(Api.CREATE_MEETING, token, createArgs(paid));
                    if (!created.ok()) {
                        throw new IllegalStateException("createMeeting: " + created.errorCode() + " " + created.body());
                    }
                    eventsWritten.incrementAndGet();
                    String id = meetingId(created);
                    if (start) {
                        Api.Response started = api.run(Api.START_MEETING, token, Map.of("meetingId", id));
                        if (!started.ok()) {
                            throw new IllegalStateException("startMeeting: " + started.errorCode() + " " + started.body());
                        }
                        eventsWritten.incrementAndGet();
                    }
                    if (awaitRoom) {
                        awaitRoom(id, token);
                    }
                    prepared.add(id);
                    return null;
                }));
            }
            Exception first = null;
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    first = first == null ? (Exception) e.getCause() : first;
                }
            }
            if (prepared.size() < Math.max(1, count / 2)) {
                throw new IllegalStateException("preparing meetings failed: only " + prepared.size() + " of " + count + "; first error: " + first, first);
            }
        } finally {
            pool.shutdownNow();
        }
        return prepared;
    }

    private void awaitRoom(String id, String token) throws Exception {
        // Generous: after startMeeting-paid at full speed the saga still has thousands of rooms to provision.
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        String room = "";
        while (System.nanoTime() < deadline) {
            room = api.run(Api.GET_MEETING, token, Map.of("meetingId", id)).value().path("roomStatus").asString("");
            if (room.equals("provisioned")) {
                return;
            }
            if (room.equals("fallback")) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("video room of " + id + " not provisioned (room status '" + room + "')");
    }

    /** Keeps the scenario's measured window for the CPU breakdown. */
    private void measured(String scenario, LoadDriver.Result result) {
        windows.add(new CpuBreakdown.Window(scenario, result.measuredFrom(), result.measuredTo(), result.latencyMicros().getTotalCount()));
    }

    private LoadDriver.Settings settings(int clients, double rate) {
        return new LoadDriver.Settings(clients, config.warmup(), config.duration(), rate);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
