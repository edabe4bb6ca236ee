package io.connvo.meetings.testsupport;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a JWK set over real HTTP on 127.0.0.1 (random port), as an identity provider publishes its keys.
 * {@link #shared()} serves the public key of {@link TestJwts} for the whole test JVM.
 */
public final class JwksServer implements AutoCloseable {

    private static JwksServer shared;

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile byte[] body;

    public JwksServer(JWKSet keys) {
        publish(keys);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/jwks.json", exchange -> {
            requests.incrementAndGet();
            byte[] body = this.body;
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public static synchronized JwksServer shared() {
        if (shared == null) {
            shared = new JwksServer(TestJwts.trustedKeys());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** Serves {@code keys} from now on, as an identity provider does when it rotates its keys. */
    public void publish(JWKSet keys) {
        body = keys.toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    /** How many times the key set was fetched. */
    public int requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
