package io.connvo.sandbox.getstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the part of GetStream's video API that {@code stream-sdk-java} 4.1.1 uses: calls
 * (get-or-create, get, update), their members and blocked users, recordings and transcriptions, kept in memory. A
 * blocked user's join is refused whatever token they hold. Every API request must carry
 * the configured {@code api_key} and an HS256 server JWT signed with the secret. Recording and transcription
 * changes are announced by signed webhooks to the configured URL. Faults (outages, random 5xx, latency, fixed
 * statuses per endpoint) come from the {@link SandboxConfig} and can be changed while it runs.
 *
 * <pre>{@code
 * try (GetStreamSandbox sandbox = new GetStreamSandbox(SandboxConfig.of(key, secret)).start()) {
 *     new StreamHTTPClient(key, secret) { public String getBaseUrl() { return sandbox.baseUrl(); } } ...
 * }
 * }</pre>
 */
public final class GetStreamSandbox implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GetStreamSandbox.class.getName());
    private static final Pattern CALL_PATH =
            Pattern.compile("/api/v2/video/call/([a-z0-9_-]{1,64})/([A-Za-z0-9_-]{1,64})(?:/([a-z_]+))?/?");
    private static final Pattern FILE_PATH = Pattern.compile("/(recordings|transcriptions)/([A-Za-z0-9_.-]+)");
    private static final String RECORDING_TYPE = "composite";
    /** TCP_NODELAY on the JDK HTTP server's connections. */
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";
    private static final byte[] FAKE_MEDIA = "sandbox media placeholder\n".getBytes(StandardCharsets.US_ASCII);

    private final SandboxConfig config;
    private final Clock clock = Clock.systemUTC();
    private final ObjectMapper json = new ObjectMapper();
    private final StreamJwtVerifier verifier;
    private final WebhookSender webhooks;
    private final Map<String, SandboxCall> calls = new ConcurrentHashMap<>();
    private final Map<String, Boolean> files = new ConcurrentHashMap<>();
    private final Map<Endpoint, AtomicInteger> requestCounts = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, StatusFault> statusFaults = new ConcurrentHashMap<>();
    private volatile double failureRate;
    private volatile Duration latency;
    private volatile Outage outage;
    private volatile URI webhookUrl;
    private HttpServer server;
    private ExecutorService executor;

    public GetStreamSandbox(SandboxConfig config) {
        this.config = config;
        this.verifier = new StreamJwtVerifier(config.apiSecret(), json, clock);
        this.webhooks = new WebhookSender(config.apiKey(), config.apiSecret(), config.webhookMaxAttempts(),
                config.webhookRetryDelay());
        for (Endpoint endpoint : Endpoint.values()) {
            requestCounts.put(endpoint, new AtomicInteger());
        }
        statusFaults.putAll(config.statusFaults());
        failureRate = config.failureRate();
        latency = config.latency();
        outage = config.outageStart() == null ? null : new Outage(config.outageStart(), config.outageEnd());
        webhookUrl = config.webhookUrl();
    }

    /** Runs the sandbox on its own: configuration from {@link SandboxConfig#fromEnvironment()}. */
    public static void main(String[] args) throws Exception {
        GetStreamSandbox sandbox = new GetStreamSandbox(SandboxConfig.fromEnvironment()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-shutdown"));
        System.out.printf("GetStream sandbox listening on %s (api key %s, webhooks to %s)%n",
                sandbox.baseUrl(), sandbox.config.apiKey(), sandbox.webhookUrl == null ? "nowhere" : sandbox.webhookUrl);
        new CountDownLatch(1).await();
    }

    /** Binds the configured host and port and starts serving; returns this for chaining. */
    public synchronized GetStreamSandbox start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("sandbox already started");
        }
        executor = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "getstream-sandbox");
            thread.setDaemon(true);
            return thread;
        });
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on, the body waits
        // for the client's delayed ACK of the headers: 40 ms per call on Linux, twice per recording start. The JDK
        // reads this switch once, when the first HttpServer of the JVM starts; an explicit setting is kept.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
        server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        LOG.log(System.Logger.Level.INFO, "GetStream sandbox listening on {0}", baseUrl());
        return this;
    }

    /** Stops serving and sending webhooks. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
        webhooks.close();
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("sandbox not started");
        }
        return server.getAddress().getPort();
    }

    /** The base URL to give the SDK, with the trailing slash it needs. */
    public String baseUrl() {
        return "http://" + config.host() + ":" + port() + "/";
    }

    public SandboxConfig config() {
        return config;
    }

    // ---- fault injection, effective immediately ----

    /** Every API request answers 503 for the given time from now. */
    public void outageFor(Duration duration) {
        Instant now = clock.instant();
        outage = new Outage(now, now.plus(duration));
    }

    /** Every API request answers 503 between {@code start} (inclusive) and {@code end} (exclusive). */
    public void outageBetween(Instant start, Instant end) {
        outage = new Outage(start, end);
    }

    /** Back to a healthy sandbox: no outage, no random failures, no latency, no status faults. */
    public void recover() {
        outage = null;
        failureRate = 0;
        latency = Duration.ZERO;
        statusFaults.clear();
    }

    /** The next {@code times} requests to {@code endpoint} answer {@code status}. */
    public void failNext(Endpoint endpoint, int status, int times) {
        statusFaults.put(endpoint, StatusFault.next(status, times));
    }

    /** The next {@code times} requests to {@code endpoint} answer {@code status} with the error message {@code message}. */
    public void failNext(Endpoint endpoint, int status, int times, String message) {
        statusFaults.put(endpoint, StatusFault.next(status, times, message));
    }

    /** Every request to {@code endpoint} answers {@code status} until {@link #recover()}. */
    public void failAlways(Endpoint endpoint, int status) {
        statusFaults.put(endpoint, StatusFault.always(status));
    }

    /** Share of API requests, within [0, 1], that answer a random 500, 502 or 503. */
    public void failureRate(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("failure rate must be within [0, 1]: " + rate);
        }
        failureRate = rate;
    }

    /** Added before every API answer. */
    public void latency(Duration added) {
        latency = added == null ? Duration.ZERO : added;
    }

    /** Where webhooks go from now on; null sends none. */
    public void webhookUrl(URI url) {
        webhookUrl = url;
    }

    // ---- inspection ----

    /** How many requests reached {@code endpoint}, faulty answers included. */
    public int requestCount(Endpoint endpoint) {
        return requestCounts.get(endpoint).get();
    }

    public Optional<CallState> call(String type, String id) {
        SandboxCall call = calls.get(type + ":" + id);
        return call == null ? Optional.empty() : Optional.of(call.snapshot());
    }

    /**
     * Breaks off the call's active recording as GetStream does when its egress fails: the recording ends without
     * a file and {@code call.recording_failed} is sent.
     */
    public void failActiveRecording(String type, String id) {
        String cid = type + ":" + id;
        SandboxCall call = calls.get(cid);
        if (call == null) {
            throw new IllegalStateException("no call " + cid);
        }
        String egressId = call.abortRecording(clock.instant());
        webhook(recordingEvent("call.recording_failed", cid, egressId));
    }

    /** Completes when every webhook produced so far has been delivered or given up. */
    public CompletableFuture<Void> webhooksIdle() {
        return webhooks.idle();
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher file = FILE_PATH.matcher(path);
            if ("GET".equals(method) && file.matches()) {
                serveFile(exchange, file.group(1) + "/" + file.group(2));
                return;
            }
            Matcher callPath = CALL_PATH.matcher(path);
            Optional<Endpoint> endpoint = callPath.matches()
                    ? Endpoint.match(method, callPath.group(3) == null ? "" : callPath.group(3))
                    : Optional.empty();
            long started = System.nanoTime();
            try {
                if (endpoint.isEmpty()) {
                    throw new SandboxError(404, SandboxError.NOT_FOUND, "the sandbox does not serve " + method + " " + path);
                }
                requestCounts.get(endpoint.get()).incrementAndGet();
                delay();
                checkFaultsAndAuth(exchange, endpoint.get(), callPath.group(1) + ":" + callPath.group(2));
                JsonNode body = readBody(exchange);
                if (endpoint.get() == Endpoint.JOIN_CALL) {
                    existing(callPath.group(1) + ":" + callPath.group(2))
                            .admit(verifier.userId(exchange.getRequestHeaders().getFirst("Authorization")));
                }
                ObjectNode answer = dispatch(endpoint.get(), callPath.group(1), callPath.group(2), body);
                answer.put("duration", duration(started));
                send(exchange, 200, answer);
            } catch (SandboxError e) {
                sendError(exchange, e, started);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "sandbox failed on " + method + " " + path, e);
                sendError(exchange, new SandboxError(500, SandboxError.INTERNAL, "sandbox internal error"), started);
            }
        }
    }

    private void delay() {
        Duration added = latency;
        if (!added.isZero()) {
            try {
                Thread.sleep(added.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void checkFaultsAndAuth(HttpExchange exchange, Endpoint endpoint, String cid) {
        Outage current = outage;
        Instant now = clock.instant();
        if (current != null && !now.isBefore(current.start) && now.isBefore(current.end)) {
            throw new SandboxError(503, SandboxError.INTERNAL, "service unavailable (sandbox outage)");
        }
        String apiKey = queryParameter(exchange.getRequestURI(), "api_key");
        if (!config.apiKey().equals(apiKey)) {
            throw new SandboxError(401, SandboxError.ACCESS_KEY_ERROR, "api_key not valid");
        }
        String token = exchange.getRequestHeaders().getFirst("Authorization");
        String problem = endpoint == Endpoint.JOIN_CALL ? verifier.userProblem(token, cid) : verifier.problem(token);
        if (problem != null) {
            throw new SandboxError(401, SandboxError.AUTH_FAILED, "JWT token is not valid: " + problem);
        }
        StatusFault[] injected = {null};
        statusFaults.computeIfPresent(endpoint, (key, fault) -> {
            injected[0] = fault;
            return fault.used();
        });
        if (injected[0] != null) {
            throw injected[0].error();
        }
        double rate = failureRate;
        if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
            int[] statuses = {500, 502, 503};
            throw SandboxError.injected(statuses[ThreadLocalRandom.current().nextInt(statuses.length)], null);
        }
    }

    private JsonNode readBody(HttpExchange exchange) {
        try {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            return bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
        } catch (IOException e) {
            throw new SandboxError(400, SandboxError.INPUT_ERROR, "request body is not valid JSON");
        }
    }

    private ObjectNode dispatch(Endpoint endpoint, String type, String id, JsonNode body) {
        String cid = type + ":" + id;
        return switch (endpoint) {
            case GET_OR_CREATE_CALL -> getOrCreate(type, id, body.path("data"));
            case GET_CALL, JOIN_CALL -> callAnswer(existing(cid));
            case UPDATE_CALL -> {
                SandboxCall call = existing(cid);
                call.update(body, clock.instant());
                yield callAnswer(call);
            }
            case UPDATE_CALL_MEMBERS -> {
                SandboxCall call = existing(cid);
                call.updateMembers(body, clock.instant());
                ObjectNode answer = callAnswer(call);
                answer.remove(List.of("call", "own_capabilities")); // an update of members answers only them
                yield answer;
            }
            case BLOCK_USER -> {
                existing(cid).block(requiredUserId(body, "BlockUser"), clock.instant());
                yield json.createObjectNode();
            }
            case KICK_USER -> {
                existing(cid);
                requiredUserId(body, "KickUser");
                yield json.createObjectNode();
            }
            case UNBLOCK_USER -> {
                existing(cid).unblock(requiredUserId(body, "UnblockUser"), clock.instant());
                yield json.createObjectNode();
            }
            case START_RECORDING -> {
                SandboxCall call = existing(cid);
                String egressId = call.startRecording(clock.instant());
                webhook(recordingEvent("call.recording_started", cid, egressId));
                yield json.createObjectNode();
            }
            case STOP_RECORDING -> {
                SandboxCall call = existing(cid);
                SandboxCall.Finished finished = call.stopRecording(clock.instant(), this::fileUrl);
                files.put("recordings/" + finished.file().filename(), Boolean.TRUE);
                webhook(recordingEvent("call.recording_stopped", cid, finished.egressId()));
                ObjectNode ready = recordingEvent("call.recording_ready", cid, finished.egressId());
                ready.set("call_recording", fileJson(finished.file()));
                webhook(ready);
                yield json.createObjectNode();
            }
            case LIST_RECORDINGS -> {
                ObjectNode answer = json.createObjectNode();
                ArrayNode list = answer.putArray("recordings");
                existing(cid).snapshot().recordings().forEach(f -> list.add(fileJson(f).put("recording_type", RECORDING_TYPE)));
                yield answer;
            }
            case START_TRANSCRIPTION -> {
                SandboxCall call = existing(cid);
                String egressId = call.startTranscription(clock.instant(), body.path("language").asText(null));
                webhook(transcriptionEvent("call.transcription_started", cid, egressId));
                yield json.createObjectNode();
            }
            case STOP_TRANSCRIPTION -> {
                SandboxCall call = existing(cid);
                SandboxCall.Finished finished = call.stopTranscription(clock.instant(), this::fileUrl);
                files.put("transcriptions/" + finished.file().filename(), Boolean.TRUE);
                webhook(transcriptionEvent("call.transcription_stopped", cid, finished.egressId()));
                ObjectNode ready = transcriptionEvent("call.transcription_ready", cid, finished.egressId());
                ready.set("call_transcription", fileJson(finished.file()));
                webhook(ready);
                yield json.createObjectNode();
            }
            case LIST_TRANSCRIPTIONS -> {
                ObjectNode answer = json.createObjectNode();
                ArrayNode list = answer.putArray("transcriptions");
                existing(cid).snapshot().transcriptions().forEach(f -> list.add(fileJson(f)));
                yield answer;
            }
        };
    }

    private ObjectNode getOrCreate(String type, String id, JsonNode data) {
        boolean[] created = {false};
        SandboxCall call = calls.computeIfAbsent(type + ":" + id, cid -> {
            String createdBy = data.path("created_by_id").asText("");
            if (createdBy.isEmpty()) {
                createdBy = data.path("created_by").path("id").asText("");
            }
            if (createdBy.isEmpty()) {
                throw new SandboxError(400, SandboxError.INPUT_ERROR,
                        "GetOrCreateCall failed with error: \"data.created_by or data.created_by_id must be provided when using server side auth\"");
            }
            created[0] = true;
            return new SandboxCall(json, type, id, createdBy, data, clock.instant());
        });
        ObjectNode answer = callAnswer(call);
        answer.put("created", created[0]);
        return answer;
    }

    private static String requiredUserId(JsonNode body, String operation) {
        String userId = body.path("user_id").asText("");
        if (userId.isEmpty()) {
            throw new SandboxError(400, SandboxError.INPUT_ERROR,
                    operation + " failed with error: \"user_id is a required field\"");
        }
        return userId;
    }

    private SandboxCall existing(String cid) {
        SandboxCall call = calls.get(cid);
        if (call == null) {
            throw new SandboxError(404, SandboxError.NOT_FOUND, "Can't find call with id " + cid);
        }
        return call;
    }

    private ObjectNode callAnswer(SandboxCall call) {
        ObjectNode answer = json.createObjectNode();
        call.render(answer);
        answer.putArray("own_capabilities");
        return answer;
    }

    private String fileUrl(String kind, String filename) {
        return "http://" + config.host() + ":" + port() + "/" + kind + "/" + filename;
    }

    private ObjectNode recordingEvent(String type, String cid, String egressId) {
        ObjectNode event = event(type, cid, egressId);
        event.put("recording_type", RECORDING_TYPE);
        return event;
    }

    private ObjectNode transcriptionEvent(String type, String cid, String egressId) {
        return event(type, cid, egressId);
    }

    private ObjectNode event(String type, String cid, String egressId) {
        ObjectNode event = json.createObjectNode();
        event.put("type", type);
        event.put("call_cid", cid);
        event.put("created_at", time(clock.instant()));
        event.put("egress_id", egressId);
        return event;
    }

    private ObjectNode fileJson(RecordingFile file) {
        ObjectNode node = json.createObjectNode();
        node.put("filename", file.filename());
        node.put("url", file.url());
        node.put("session_id", file.sessionId());
        node.put("start_time", time(file.startTime()));
        node.put("end_time", time(file.endTime()));
        return node;
    }

    private void webhook(ObjectNode event) {
        URI url = webhookUrl;
        if (url == null) {
            return;
        }
        try {
            webhooks.send(url, event.path("type").asText(), json.writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize webhook", e);
        }
    }

    private void serveFile(HttpExchange exchange, String file) throws IOException {
        if (!files.containsKey(file)) {
            sendError(exchange, new SandboxError(404, SandboxError.NOT_FOUND, "no such file"), System.nanoTime());
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", file.endsWith(".mp4") ? "video/mp4" : "application/octet-stream");
        exchange.sendResponseHeaders(200, FAKE_MEDIA.length);
        exchange.getResponseBody().write(FAKE_MEDIA);
    }

    private void sendError(HttpExchange exchange, SandboxError error, long started) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("code", error.code);
        body.put("message", error.getMessage());
        body.putObject("exception_fields");
        body.put("StatusCode", error.status);
        body.put("duration", duration(started));
        body.put("more_info", "https://getstream.io/chat/docs/api_errors_response");
        body.putArray("details");
        if (error.status == 429) {
            exchange.getResponseHeaders().set("X-RateLimit-Limit", "60");
            exchange.getResponseHeaders().set("X-RateLimit-Remaining", "0");
            exchange.getResponseHeaders().set("X-RateLimit-Reset", Long.toString(clock.instant().getEpochSecond() + 60));
        }
        send(exchange, error.status, body);
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String duration(long startedNanos) {
        return String.format(java.util.Locale.ROOT, "%.2fms", (System.nanoTime() - startedNanos) / 1_000_000.0);
    }

    /** RFC 3339 with millisecond precision, as the SDK's date parser reads it. */
    static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    private static String queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private record Outage(Instant start, Instant end) {
    }
}
