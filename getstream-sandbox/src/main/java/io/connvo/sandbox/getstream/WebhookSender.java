package io.connvo.sandbox.getstream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers signed webhooks in the order they were produced, one at a time, each with bounded retries and
 * doubling delays. A retry keeps the delivery's {@code X-Webhook-Id}, so receivers can deduplicate.
 */
final class WebhookSender implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WebhookSender.class.getName());

    private final String apiKey;
    private final String apiSecret;
    private final int maxAttempts;
    private final Duration firstDelay;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    WebhookSender(String apiKey, String apiSecret, int maxAttempts, Duration firstDelay) {
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
        this.maxAttempts = maxAttempts;
        this.firstDelay = firstDelay;
        this.httpExecutor = Executors.newFixedThreadPool(2, daemon("sandbox-webhook-http"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("sandbox-webhook-retry"));
        this.http = HttpClient.newBuilder()
                .executor(httpExecutor)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** Queues one delivery of {@code body} to {@code url}; it is sent after every earlier one finished. */
    synchronized void send(URI url, String type, byte[] body) {
        String webhookId = UUID.randomUUID().toString();
        tail = tail.thenCompose(previous -> attempt(url, type, webhookId, body, 1));
    }

    /** Completes when every delivery queued so far has been delivered or given up. */
    synchronized CompletableFuture<Void> idle() {
        return tail;
    }

    private CompletableFuture<Void> attempt(URI url, String type, String webhookId, byte[] body, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("X-Signature", HexFormat.of().formatHex(Hmac.sha256(apiSecret, body)))
                .header("X-Webhook-Id", webhookId)
                .header("X-Webhook-Attempt", Integer.toString(attempt))
                .header("X-Api-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    if (failure == null && response.statusCode() / 100 == 2) {
                        LOG.log(System.Logger.Level.DEBUG, "webhook {0} {1} delivered", type, webhookId);
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    String why = failure != null ? failure.toString() : "HTTP " + response.statusCode();
                    if (attempt >= maxAttempts || scheduler.isShutdown()) {
                        LOG.log(System.Logger.Level.WARNING, "webhook {0} {1} given up after {2} attempts: {3}",
                                type, webhookId, attempt, why);
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    long delay = firstDelay.toMillis() << Math.min(attempt - 1, 16);
                    LOG.log(System.Logger.Level.INFO, "webhook {0} {1} attempt {2} failed ({3}), retrying in {4} ms",
                            type, webhookId, attempt, why, delay);
                    return CompletableFuture.supplyAsync(() -> null,
                                    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, scheduler))
                            .thenCompose(ignored -> attempt(url, type, webhookId, body, attempt + 1));
                })
                .thenCompose(next -> next);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        httpExecutor.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
