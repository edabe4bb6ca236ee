package io.connvo.sandbox.getstream;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How a {@link GetStreamSandbox} starts. The fault settings are only the initial ones: the sandbox can change
 * them at runtime.
 *
 * @param apiKey             the key every request must carry as query {@code api_key}
 * @param apiSecret          signs the server JWTs the sandbox accepts and the webhooks it sends (32+ characters,
 *                           as the SDK demands)
 * @param host               interface to bind; default {@code 127.0.0.1}
 * @param port               port to bind; default 0 (a free port)
 * @param webhookUrl         where webhooks go; null (default) sends none
 * @param failureRate        share of API requests answered with a random 5xx; default 0
 * @param latency            added before every API answer; default 0
 * @param outageStart        with {@code outageEnd}: every API request in [start, end) gets 503; default none
 * @param outageEnd          end of the outage window (exclusive)
 * @param statusFaults       fixed answers per endpoint, e.g. start_recording → 429 for the next 3 requests
 * @param webhookMaxAttempts attempts per webhook delivery before giving up; default 5
 * @param webhookRetryDelay  delay before the second attempt, doubled for each further one; default 200 ms
 */
public record SandboxConfig(
        String apiKey,
        String apiSecret,
        String host,
        int port,
        URI webhookUrl,
        double failureRate,
        Duration latency,
        Instant outageStart,
        Instant outageEnd,
        Map<Endpoint, StatusFault> statusFaults,
        int webhookMaxAttempts,
        Duration webhookRetryDelay) {

    public static final String DEFAULT_HOST = "127.0.0.1";

    public SandboxConfig {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey is required");
        }
        if (apiSecret == null || apiSecret.length() < 32) {
            throw new IllegalArgumentException("apiSecret must have at least 32 characters");
        }
        if (failureRate < 0 || failureRate > 1) {
            throw new IllegalArgumentException("failureRate must be within [0, 1]: " + failureRate);
        }
        if ((outageStart == null) != (outageEnd == null)) {
            throw new IllegalArgumentException("an outage window needs both start and end");
        }
        if (webhookMaxAttempts < 1) {
            throw new IllegalArgumentException("webhookMaxAttempts must be positive");
        }
        host = host == null ? DEFAULT_HOST : host;
        latency = latency == null ? Duration.ZERO : latency;
        statusFaults = statusFaults == null ? Map.of() : Map.copyOf(statusFaults);
        webhookRetryDelay = webhookRetryDelay == null ? Duration.ofMillis(200) : webhookRetryDelay;
    }

    /** A healthy sandbox on 127.0.0.1, a free port, no webhooks. */
    public static SandboxConfig of(String apiKey, String apiSecret) {
        return new SandboxConfig(apiKey, apiSecret, DEFAULT_HOST, 0, null, 0, Duration.ZERO, null, null,
                Map.of(), 5, Duration.ofMillis(200));
    }

    public SandboxConfig withHost(String host) {
        return new SandboxConfig(apiKey, apiSecret, host, port, webhookUrl, failureRate, latency, outageStart,
                outageEnd, statusFaults, webhookMaxAttempts, webhookRetryDelay);
    }

    public SandboxConfig withPort(int port) {
        return new SandboxConfig(apiKey, apiSecret, host, port, webhookUrl, failureRate, latency, outageStart,
                outageEnd, statusFaults, webhookMaxAttempts, webhookRetryDelay);
    }

    public SandboxConfig withWebhookUrl(URI webhookUrl) {
        return new SandboxConfig(apiKey, apiSecret, host, port, webhookUrl, failureRate, latency, outageStart,
                outageEnd, statusFaults, webhookMaxAttempts, webhookRetryDelay);
    }

    public SandboxConfig withFailureRate(double failureRate) {
        return new SandboxConfig(apiKey, apiSecret, host, port, webhookUrl, failureRate, latency, outageStart,
                outageEnd, statusFaults, webhookMaxAttempts, webhookRetryDelay);
    }

    public SandboxConfig withLatency(Duration latency) {
        return new SandboxConfig(apiKey, apiSecret, host, port, webhookUrl, failureRate, latency, outageStart,
                outageEnd, statusFaults, webhookMaxAttempts, webhookRetryDelay);
    }

    public SandboxConfig withOutage(Instant start, Instant end) {
        return new SandboxConfig(apiKey, apiSecret, host, port, webhookUrl, failureRate, latency, start, end,
                statusFaults, webhookMaxAttempts, webhookRetryDelay);
    }

    public SandboxConfig withStatusFault(Endpoint endpoint, StatusFault fault) {
        Map<Endpoint, StatusFault> faults = new EnumMap<>(Endpoint.class);
        faults.putAll(statusFaults);
        faults.put(endpoint, fault);
        return new SandboxConfig(apiKey, apiSecret, host, port, webhookUrl, failureRate, latency, outageStart,
                outageEnd, faults, webhookMaxAttempts, webhookRetryDelay);
    }

    public SandboxConfig withWebhookRetries(int maxAttempts, Duration firstDelay) {
        return new SandboxConfig(apiKey, apiSecret, host, port, webhookUrl, failureRate, latency, outageStart,
                outageEnd, statusFaults, maxAttempts, firstDelay);
    }

    /**
     * The configuration of the standalone sandbox from system properties {@code getstream.sandbox.*}, else
     * environment variables {@code GETSTREAM_SANDBOX_*}: {@code api-key}, {@code api-secret}, {@code host},
     * {@code port}, {@code webhook-url}, {@code failure-rate}, {@code latency-ms}, {@code outage-seconds}
     * (an outage for that long from now), {@code webhook-max-attempts}, {@code webhook-retry-delay-ms}, and
     * {@code fault.<endpoint>} such as {@code fault.start_recording=429x3} or {@code fault.get_or_create_call=503}.
     * Key and secret have sandbox-only defaults: the sandbox holds nothing worth protecting.
     */
    public static SandboxConfig fromEnvironment() {
        Function<String, String> setting = name -> {
            String value = System.getProperty("getstream.sandbox." + name);
            if (value == null) {
                value = System.getenv("GETSTREAM_SANDBOX_" + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_'));
            }
            return value == null || value.isBlank() ? null : value.trim();
        };
        SandboxConfig config = of(
                orDefault(setting.apply("api-key"), "sandbox-key"),
                orDefault(setting.apply("api-secret"), "sandbox-secret-0123456789abcdef0123456789"));
        if (setting.apply("host") != null) {
            config = config.withHost(setting.apply("host"));
        }
        if (setting.apply("port") != null) {
            config = config.withPort(Integer.parseInt(setting.apply("port")));
        }
        if (setting.apply("webhook-url") != null) {
            config = config.withWebhookUrl(URI.create(setting.apply("webhook-url")));
        }
        if (setting.apply("failure-rate") != null) {
            config = config.withFailureRate(Double.parseDouble(setting.apply("failure-rate")));
        }
        if (setting.apply("latency-ms") != null) {
            config = config.withLatency(Duration.ofMillis(Long.parseLong(setting.apply("latency-ms"))));
        }
        if (setting.apply("outage-seconds") != null) {
            Instant now = Instant.now();
            config = config.withOutage(now, now.plusSeconds(Long.parseLong(setting.apply("outage-seconds"))));
        }
        if (setting.apply("webhook-max-attempts") != null || setting.apply("webhook-retry-delay-ms") != null) {
            config = config.withWebhookRetries(
                    Integer.parseInt(orDefault(setting.apply("webhook-max-attempts"), "5")),
                    Duration.ofMillis(Long.parseLong(orDefault(setting.apply("webhook-retry-delay-ms"), "200"))));
        }
        for (Endpoint endpoint : Endpoint.values()) {
            String fault = setting.apply("fault." + endpoint.name().toLowerCase(Locale.ROOT));
            if (fault != null) {
                config = config.withStatusFault(endpoint, StatusFault.parse(fault));
            }
        }
        return config;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
