package io.connvo.meetings.gateway.idempotency;

import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.gateway.idempotency.IdempotencyKeys.Acquired;
import io.connvo.meetings.gateway.idempotency.IdempotencyKeys.Answered;
import io.connvo.meetings.gateway.idempotency.IdempotencyKeys.Claim;
import io.connvo.meetings.gateway.idempotency.IdempotencyKeys.Mismatch;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on command routes ({@link IdempotentCommand}), as payment APIs have it: the first request
 * with a caller's key executes; a repeat with the same key, route and body gets the first answer (status and body,
 * with {@code Idempotent-Replayed: true}) and acts no more; the same key with another route or body is a CONFLICT.
 * A repeat that arrives while the first is still executing waits for its answer (bounded), then gets a CONFLICT with
 * {@code retryAfterMs}; it never executes a second time. Keys live in the database ({@link IdempotencyKeys}), so
 * they hold across restarts and nodes.
 *
 * <p>The filter keeps the body (to compare repeats) and the answer (to store it); the {@link #interceptor()} claims
 * the key once the route is known, so queries and unknown routes never touch the table.
 *
 * <p>Which answers are kept: a success, and a refusal that stays true (VALIDATION_ERROR, NOT_FOUND,
 * INSUFFICIENT_PERMISSIONS) or that reports what the request did (STREAM_ERROR: the recording was started and
 * failed). Every other answer leaves the key free for a repeat to execute: CONFLICT and RATE_LIMIT_EXCEEDED depend on
 * the moment; SERVICE_UNAVAILABLE, EXTERNAL_SERVICE_TIMEOUT and INTERNAL_ERROR mean "try again".
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** Visible ASCII without spaces, as user ids; UUIDs fit. */
    static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Set<ErrorCode> KEPT_REFUSALS = EnumSet.of(ErrorCode.VALIDATION_ERROR, ErrorCode.NOT_FOUND,
            ErrorCode.INSUFFICIENT_PERMISSIONS, ErrorCode.STREAM_ERROR);
    private static final String BODY_SHA256 = IdempotencyFilter.class.getName() + ".bodySha256";
    private static final String HELD = IdempotencyFilter.class.getName() + ".held";
    private static final String REQUEST_ID = IdempotencyFilter.class.getName() + ".requestId";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IdempotencyKeys keys;
    private final IdempotencyProperties properties;
    private final long maxBodyBytes;
    private final Clock clock;

    public IdempotencyFilter(IdempotencyKeys keys, IdempotencyProperties properties, long maxBodyBytes, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    /** The key this request holds while it executes. */
    private record Held(String callerId, String key, String token) {
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !HttpMethod.POST.matches(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Read up to one byte past the limit: enough to tell bodies apart, and the route refuses larger ones anyway.
        byte[] head = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        HttpServletRequest replayable = new BodyReadAgain(request, head);
        replayable.setAttribute(BODY_SHA256, sha256(head));
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        boolean answered = false;
        try {
            chain.doFilter(replayable, answer);
            answered = true;
        } finally {
            if (replayable.getAttribute(HELD) instanceof Held held) {
                settle(held, answered, answer);
            }
            answer.copyBodyToResponse();
        }
    }

    /** Stores a kept answer, or frees the key for the next repeat (also when the route failed without an answer). */
    private void settle(Held held, boolean answered, ContentCachingResponseWrapper answer) {
        byte[] body = answer.getContentAsByteArray();
        if (answered && kept(answer.getStatus(), body)) {
            keys.complete(held.callerId(), held.key(), held.token(), answer.getStatus(), body);
        } else {
            keys.release(held.callerId(), held.key(), held.token(), clock.instant());
        }
    }

    static boolean kept(int status, byte[] body) {
        if (status >= 200 && status < 300) {
            return true;
        }
        if (status != 400) {
            return false;
        }
        try {
            JsonNode code = JSON.readTree(body).path("errorData").path("code");
            return code.isString() && KEPT_REFUSALS.stream().anyMatch(kept -> kept.name().equals(code.asString()));
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** Claims the key of a command route before its handler runs; answers a repeat from the table. */
    public HandlerInterceptor interceptor() {
        return new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws IOException {
                if (!(handler instanceof HandlerMethod method) || !method.hasMethodAnnotation(IdempotentCommand.class)
                        || !(request.getAttribute(BODY_SHA256) instanceof String bodySha256)) {
                    return true;
                }
                String key = validKey(Collections.list(request.getHeaders(HEADER)));
                String callerId = callerId();
                Claim claim = claimWaiting(callerId, key, request.getRequestURI(), bodySha256);
                if (claim instanceof Acquired acquired) {
                    request.setAttribute(HELD, new Held(callerId, key, acquired.token()));
                    request.setAttribute(REQUEST_ID, acquired.requestId());
                    return true;
                }
                if (claim instanceof Answered answered) {
                    response.setStatus(answered.status());
                    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                    response.setHeader(REPLAYED_HEADER, "true");
                    response.getOutputStream().write(answered.body());
                    return false;
                }
                if (claim instanceof Mismatch) {
                    throw new MeetingException(ErrorCode.CONFLICT,
                            HEADER + " was already used for a different request", Map.of("field", HEADER));
                }
                throw new MeetingException(ErrorCode.CONFLICT, "A request with this " + HEADER
                        + " is still being processed; try again shortly",
                        Map.of("field", HEADER, "retryAfterMs", RETRY_AFTER.toMillis()));
            }
        };
    }

    /**
     * The id of the request under its {@code Idempotency-Key}, the same for every attempt (32 hex digits), if it
     * came with one: a command derives the ids it creates from it, so that an attempt after one whose answer was
     * lost (its node died, or the command's outcome was unknown) meets what that attempt created.
     */
    public static Optional<String> requestId(HttpServletRequest request) {
        return request.getAttribute(REQUEST_ID) instanceof String id ? Optional.of(id) : Optional.empty();
    }

    /** Claims the key, waiting (bounded) while the same request executes elsewhere. */
    private Claim claimWaiting(String callerId, String key, String route, String bodySha256) {
        Instant giveUp = clock.instant().plus(properties.waitTimeout());
        while (true) {
            Claim claim = keys.claim(callerId, key, route, bodySha256, clock.instant(), properties.lease(),
                    properties.ttl());
            if (!(claim instanceof IdempotencyKeys.Executing) || !clock.instant().isBefore(giveUp)) {
                return claim;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return claim;
            }
        }
    }

    static String validKey(List<String> values) {
        if (values.size() > 1) {
            throw MeetingException.validation(HEADER, HEADER + " is given more than once");
        }
        String key = values.get(0);
        if (!KEY.matcher(key).matches()) {
            throw MeetingException.validation(HEADER, HEADER
                    + " must be 1 to 255 visible ASCII characters (letters, digits, punctuation; no spaces)");
        }
        return key;
    }

    /** Command routes are behind authentication: the key belongs to the token's subject. */
    private static String callerId() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return jwt.getSubject();
        }
        throw new IllegalStateException("A command route was reached without an authenticated caller");
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with its body read ahead: the head read here, then whatever the client sent beyond it. */
    private static final class BodyReadAgain extends HttpServletRequestWrapper {

        private final byte[] head;
        private ServletInputStream body;

        BodyReadAgain(HttpServletRequest request, byte[] head) {
            super(request);
            this.head = head;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                InputStream rest = new SequenceInputStream(new ByteArrayInputStream(head), super.getInputStream());
                body = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        return rest.read();
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        return rest.read(buffer, offset, length);
                    }

                    @Override
                    public boolean isFinished() {
                        return false;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new UnsupportedOperationException("synchronous reads only");
                    }
                };
            }
            return body;
        }
    }
}
