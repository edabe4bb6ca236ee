package io.connvo.meetings.standalone;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process GetStream sandbox of the standalone application ({@code connvo.sandbox.*}). It starts only
 * when no {@code connvo.getstream.api-key} is configured; with a key, GetStream itself is used and none of
 * this applies. The fault settings are the sandbox's initial ones, for benchmarks and reliability runs.
 *
 * @param enabled            start the sandbox when no GetStream key is set; default true
 * @param host               interface the sandbox binds; default 127.0.0.1
 * @param port               its port; default 0 (a free port)
 * @param apiKey             the key the SDK adapter and the sandbox share; default {@code connvo-sandbox}
 * @param apiSecret          signs the adapter's server tokens and the sandbox's webhooks (32+ characters);
 *                           default: a random secret generated at each start
 * @param failureRate        share of API requests answered with a random 5xx, 0 to 1; default 0
 * @param latency            added before every API answer; default 0
 * @param outage             every API request answers 503 for this long after the start; default none
 * @param faults             fixed answers per endpoint, e.g. {@code connvo.sandbox.faults.start-recording=503x2}
 *                           (the next two requests) or {@code =503} (every request); default none
 * @param webhookMaxAttempts attempts per webhook delivery; default 5
 * @param webhookRetryDelay  delay before the second attempt, doubled for each further one; default 200ms
 */
@ConfigurationProperties("connvo.sandbox")
public record SandboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("0") int port,
        @DefaultValue("connvo-sandbox") String apiKey,
        String apiSecret,
        @DefaultValue("0") double failureRate,
        @DefaultValue("0ms") Duration latency,
        Duration outage,
        Map<String, String> faults,
        @DefaultValue("5") int webhookMaxAttempts,
        @DefaultValue("200ms") Duration webhookRetryDelay) {

    public SandboxProperties {
        faults = faults == null ? Map.of() : Map.copyOf(faults);
    }
}
