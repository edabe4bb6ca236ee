package io.connvo.meetings.standalone;

import io.connvo.meetings.gateway.webhook.GetStreamWebhookController;
import io.connvo.meetings.saga.getstream.GetStreamProperties;
import io.connvo.sandbox.getstream.Endpoint;
import io.connvo.sandbox.getstream.GetStreamSandbox;
import io.connvo.sandbox.getstream.SandboxConfig;
import io.connvo.sandbox.getstream.StatusFault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The standalone default for GetStream: when no {@code connvo.getstream.api-key} is configured, starts the
 * {@link GetStreamSandbox} in this process before the context binds anything, and points the real SDK adapter
 * at it by adding {@code connvo.getstream.api-key/api-secret/base-url} as the highest-precedence property
 * source. Once the web server has a port, the sandbox's webhooks go to this application's own
 * {@code /webhooks/getstream}. The sandbox is a bean ({@code getStreamSandbox}), closed after every other bean
 * when the context closes. Registered in {@code META-INF/spring.factories}, so every way of starting the
 * standalone application (its main, tests) gets it.
 */
public class GetStreamSandboxInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String BEAN_NAME = "getStreamSandbox";
    static final String PROPERTY_SOURCE_NAME = "getstreamSandbox";

    private static final Logger log = LoggerFactory.getLogger(GetStreamSandboxInitializer.class);

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        SandboxProperties properties = Binder.get(environment).bindOrCreate("connvo.sandbox", SandboxProperties.class);
        if (StringUtils.hasText(environment.getProperty(GetStreamProperties.API_KEY_PROPERTY)) || !properties.enabled()) {
            return;
        }
        GetStreamSandbox sandbox = start(config(properties));
        // registered before refresh: destroyed after every bean that may still call it during shutdown
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        beans.registerSingleton(BEAN_NAME, sandbox);
        beans.registerDisposableBean(BEAN_NAME, sandbox::close);
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(
                GetStreamProperties.API_KEY_PROPERTY, sandbox.config().apiKey(),
                "connvo.getstream.api-secret", sandbox.config().apiSecret(),
                "connvo.getstream.base-url", sandbox.baseUrl())));
        context.addApplicationListener((ApplicationListener<WebServerInitializedEvent>) event -> {
            if (event.getApplicationContext().getServerNamespace() == null) { // not the management server
                URI webhookUrl = webhookUrl(environment, event.getWebServer().getPort());
                sandbox.webhookUrl(webhookUrl);
                log.info("GetStream sandbox sends its webhooks to {}", webhookUrl);
            }
        });
        log.warn("No connvo.getstream.api-key configured: running against the LOCAL GETSTREAM SANDBOX at {} "
                + "(in memory, no real video). Set CONNVO_GETSTREAM_API_KEY and CONNVO_GETSTREAM_API_SECRET to use "
                + "GetStream itself.", sandbox.baseUrl());
    }

    static SandboxConfig config(SandboxProperties properties) {
        String secret = StringUtils.hasText(properties.apiSecret()) ? properties.apiSecret() : randomSecret();
        SandboxConfig config = SandboxConfig.of(properties.apiKey(), secret)
                .withHost(properties.host())
                .withPort(properties.port())
                .withFailureRate(properties.failureRate())
                .withLatency(properties.latency())
                .withWebhookRetries(properties.webhookMaxAttempts(), properties.webhookRetryDelay());
        if (properties.outage() != null) {
            Instant now = Instant.now();
            config = config.withOutage(now, now.plus(properties.outage()));
        }
        for (Map.Entry<String, String> fault : properties.faults().entrySet()) {
            config = config.withStatusFault(endpoint(fault.getKey()), StatusFault.parse(fault.getValue()));
        }
        return config;
    }

    /** {@code start-recording}, or {@code start.recording} as bound from {@code CONNVO_SANDBOX_FAULTS_START_RECORDING}. */
    private static Endpoint endpoint(String name) {
        String constant = name.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
        try {
            return Endpoint.valueOf(constant);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("connvo.sandbox.faults." + name + ": no such endpoint; one of "
                    + Arrays.toString(Endpoint.values()).toLowerCase(Locale.ROOT).replace('_', '-'), e);
        }
    }

    private static GetStreamSandbox start(SandboxConfig config) {
        try {
            return new GetStreamSandbox(config).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the GetStream sandbox on " + config.host() + ":" + config.port(), e);
        }
    }

    /** This application's webhook endpoint, on the address the server listens on (loopback when it listens on all). */
    private static URI webhookUrl(ConfigurableEnvironment environment, int port) {
        String host = "127.0.0.1";
        String address = environment.getProperty("server.address");
        if (StringUtils.hasText(address)) {
            try {
                InetAddress bound = InetAddress.getByName(address);
                if (!bound.isAnyLocalAddress()) {
                    host = bound.getHostAddress().contains(":") ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
                }
            } catch (IOException e) {
                log.warn("server.address {} does not resolve; the sandbox sends webhooks to {}", address, host);
            }
        }
        String contextPath = environment.getProperty("server.servlet.context-path", "");
        return URI.create("http://" + host + ":" + port + contextPath + GetStreamWebhookController.PATH);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
