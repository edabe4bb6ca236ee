package io.connvo.meetings.saga.getstream;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.getstream.services.framework.StreamHTTPClient;
import io.micrometer.core.instrument.binder.okhttp3.OkHttpObservationInterceptor;
import io.micrometer.observation.ObservationRegistry;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * The SDK's HTTP client with our base URL and timeout. The (key, secret) constructor fixes both to its
 * defaults, so the base URL comes from {@link #getBaseUrl()} and the timeout from a copy of the SDK's
 * OkHttp client (same interceptors: api_key, server JWT) with our call timeout. The copy also turns every
 * non-2xx answer into an {@link HttpStatusFailure}, because the SDK keeps the HTTP status only when the
 * error JSON happens to carry {@code StatusCode}. Every call is observed ({@code getstream.http.client.requests}:
 * a timer by path with the call id replaced by {@code {id}}, and a client span that carries {@code traceparent}).
 */
final class ConfiguredStreamHttpClient extends StreamHTTPClient {

    private final String baseUrl;
    private final OkHttpClient client;

    static final String OBSERVATION = "getstream.http.client.requests";
    private static final Pattern CALL_ID = Pattern.compile("(/video/call/[^/]+/)[^/]+");

    ConfiguredStreamHttpClient(GetStreamProperties properties, ObservationRegistry observations) {
        super(properties.apiKey(), properties.apiSecret());
        String url = properties.baseUrl().toString();
        this.baseUrl = url.endsWith("/") && properties.baseUrl().getPath().length() <= 1
                ? url.substring(0, url.length() - 1) : url;
        this.client = super.getHttpClient().newBuilder()
                .callTimeout(properties.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .addInterceptor(chain -> requireSuccess(chain.proceed(chain.request())))
                // inside the status check, so the observation sees GetStream's own status
                .addInterceptor(OkHttpObservationInterceptor.builder(observations, OBSERVATION)
                        .uriMapper(request -> CALL_ID.matcher(request.url().encodedPath()).replaceFirst("$1{id}"))
                        .includeHostTag(false)
                        .build())
                .build();
    }

    @Override
    public String getBaseUrl() {
        return baseUrl;
    }

    @Override
    public OkHttpClient getHttpClient() {
        return client;
    }

    private static Response requireSuccess(Response response) throws IOException {
        if (response.isSuccessful()) {
            return response;
        }
        String body = response.peekBody(2048).string();
        response.close();
        throw new HttpStatusFailure(response.code(), body);
    }

    /** GetStream answered with a non-2xx status; {@code body} is the start of its answer. */
    static final class HttpStatusFailure extends IOException {
        private final int status;

        HttpStatusFailure(int status, String body) {
            super("HTTP " + status + (body.isBlank() ? "" : ": " + body));
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
