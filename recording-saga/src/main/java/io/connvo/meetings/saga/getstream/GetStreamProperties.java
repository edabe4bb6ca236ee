package io.connvo.meetings.saga.getstream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * GetStream access, bound from {@code connvo.getstream.*} (environment: {@code CONNVO_GETSTREAM_API_KEY}, ...).
 * <p>
 * No key and no secret means GetStream is not configured: the SDK-backed {@link GetStreamCalls} bean is then
 * absent (see {@link GetStreamKeyConfigured}). A key without a secret, a secret without a key, or a secret
 * shorter than 32 bytes is a partial configuration and fails binding, so the application refuses to start.
 *
 * @param apiKey         the GetStream API key; no default
 * @param apiSecret      the API secret (32+ bytes: the SDK signs HS256 server tokens with it); no default
 * @param baseUrl        the API root, default {@code https://chat.stream-io-api.com}; a path needs a trailing slash
 * @param timeout        the whole-call timeout of one HTTP request (OkHttp call timeout), default 10s
 * @param maxCallDuration the call's {@code limits.max_duration_seconds}, default 4h
 * @param circuitBreaker the breaker every GetStream call goes through
 * @param retry          the saga's retry schedule for failed GetStream calls
 */
@ConfigurationProperties("connvo.getstream")
public record GetStreamProperties(
        String apiKey,
        String apiSecret,
        @DefaultValue("https://chat.stream-io-api.com") URI baseUrl,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("4h") Duration maxCallDuration,
        @DefaultValue CircuitBreaker circuitBreaker,
        @DefaultValue Retry retry) {

    public static final String API_KEY_PROPERTY = "connvo.getstream.api-key";
    static final int MIN_SECRET_BYTES = 32;

    public GetStreamProperties {
        apiKey = blankToNull(apiKey);
        apiSecret = blankToNull(apiSecret);
        if (apiKey != null && apiSecret == null) {
            throw new IllegalArgumentException("connvo.getstream.api-key is set but connvo.getstream.api-secret is not");
        }
        if (apiKey == null && apiSecret != null) {
            throw new IllegalArgumentException("connvo.getstream.api-secret is set but connvo.getstream.api-key is not");
        }
        if (apiSecret != null && apiSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("connvo.getstream.api-secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        baseUrl = baseUrl == null ? URI.create("https://chat.stream-io-api.com") : baseUrl;
        if (!("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme())) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("connvo.getstream.base-url must be an absolute http(s) URL");
        }
        timeout = requirePositive("timeout", timeout, Duration.ofSeconds(10));
        maxCallDuration = requirePositive("max-call-duration", maxCallDuration, Duration.ofHours(4));
        circuitBreaker = circuitBreaker == null ? CircuitBreaker.defaults() : circuitBreaker;
        retry = retry == null ? Retry.defaults() : retry;
    }

    /** Whether a key (and therefore, after validation, a secret) is configured. */
    public boolean configured() {
        return apiKey != null;
    }

    @Override
    public String toString() {
        return "GetStreamProperties[apiKey=" + apiKey + ", apiSecret=" + (apiSecret == null ? null : "***")
                + ", baseUrl=" + baseUrl + ", timeout=" + timeout + ", maxCallDuration=" + maxCallDuration
                + ", circuitBreaker=" + circuitBreaker + ", retry=" + retry + "]";
    }

    /**
     * The one circuit breaker in front of GetStream ({@code connvo.getstream.circuit-breaker.*}).
     *
     * @param failureRateThreshold   percentage of failed calls in the window that opens the circuit, default 50
     * @param slidingWindowSize      number of recent calls considered, default 20
     * @param minimumNumberOfCalls   calls needed before the rate is evaluated, default 10
     * @param waitDurationInOpenState how long the circuit stays open before probing, default 30s
     * @param permittedCallsInHalfOpenState probe calls while half-open, default 3
     */
    public record CircuitBreaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("10") int minimumNumberOfCalls,
            @DefaultValue("30s") Duration waitDurationInOpenState,
            @DefaultValue("3") int permittedCallsInHalfOpenState) {

        public CircuitBreaker {
            if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
                throw new IllegalArgumentException("connvo.getstream.circuit-breaker.failure-rate-threshold must be in (0, 100]");
            }
            if (slidingWindowSize < 1 || minimumNumberOfCalls < 1 || permittedCallsInHalfOpenState < 1) {
                throw new IllegalArgumentException("connvo.getstream.circuit-breaker sizes must be at least 1");
            }
            waitDurationInOpenState = requirePositive("circuit-breaker.wait-duration-in-open-state",
                    waitDurationInOpenState, Duration.ofSeconds(30));
        }

        static CircuitBreaker defaults() {
            return new CircuitBreaker(50, 20, 10, Duration.ofSeconds(30), 3);
        }
    }

    /**
     * How the media saga retries a failed GetStream call ({@code connvo.getstream.retry.*}): attempt n waits
     * min(maxDelay, initialDelay * multiplier^(n-2)), spread by +/- jitter.
     *
     * @param maxAttempts  attempts in all, the first included, default 5
     * @param initialDelay delay before the second attempt, default 1s
     * @param multiplier   growth per attempt, default 2.0
     * @param maxDelay     cap of one delay, default 30s
     * @param jitter       random spread as a fraction of the delay, 0 to 1, default 0.2
     */
    public record Retry(
            @DefaultValue("5") int maxAttempts,
            @DefaultValue("1s") Duration initialDelay,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("30s") Duration maxDelay,
            @DefaultValue("0.2") double jitter) {

        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("connvo.getstream.retry.max-attempts must be at least 1");
            }
            if (multiplier < 1.0) {
                throw new IllegalArgumentException("connvo.getstream.retry.multiplier must be at least 1.0");
            }
            if (jitter < 0 || jitter > 1) {
                throw new IllegalArgumentException("connvo.getstream.retry.jitter must be between 0 and 1");
            }
            initialDelay = requirePositive("retry.initial-delay", initialDelay, Duration.ofSeconds(1));
            maxDelay = requirePositive("retry.max-delay", maxDelay, Duration.ofSeconds(30));
        }

        static Retry defaults() {
            return new Retry(5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.2);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Duration requirePositive(String name, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("connvo.getstream." + name + " must be positive");
        }
        return value;
    }
}
