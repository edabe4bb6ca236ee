package io.connvo.meetings.saga.getstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which beans exist for which configuration, and that a partial configuration stops the start. */
class GetStreamConfigurationTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(GetStreamConfiguration.class);

    @Test
    void withoutAKeyThereIsNoSdkAdapterButABreaker() {
        runner.withPropertyValues("connvo.getstream.api-key=  ").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(GetStreamCalls.class);
            assertThat(context).hasSingleBean(CircuitBreaker.class);
            assertThat(context.getBean(GetStreamProperties.class).configured()).isFalse();
        });
    }

    @Test
    void keyAndSecretActivateTheSdkAdapterWithTheConfiguredBreaker() {
        runner.withPropertyValues("connvo.getstream.api-key=k", "connvo.getstream.api-secret=" + SECRET,
                        "connvo.getstream.base-url=http://127.0.0.1:9/", "connvo.getstream.timeout=3s",
                        "connvo.getstream.circuit-breaker.failure-rate-threshold=25",
                        "connvo.getstream.circuit-breaker.sliding-window-size=8",
                        "connvo.getstream.retry.max-attempts=7")
                .run(context -> {
                    assertThat(context).hasSingleBean(GetStreamCalls.class);
                    assertThat(context.getBean(GetStreamCalls.class)).isInstanceOf(StreamSdkCalls.class);
                    CircuitBreaker breaker = context.getBean(CircuitBreaker.class);
                    assertThat(breaker.getName()).isEqualTo("getstream");
                    assertThat(breaker.getCircuitBreakerConfig().getFailureRateThreshold()).isEqualTo(25f);
                    assertThat(breaker.getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(8);
                    GetStreamProperties properties = context.getBean(GetStreamProperties.class);
                    assertThat(properties.retry().maxAttempts()).isEqualTo(7);
                    assertThat(properties.timeout()).hasSeconds(3);
                    assertThat(properties.toString()).doesNotContain(SECRET);
                });
    }

    @Test
    void defaultsApply() {
        runner.run(context -> {
            GetStreamProperties properties = context.getBean(GetStreamProperties.class);
            assertThat(properties.baseUrl()).hasToString("https://chat.stream-io-api.com");
            assertThat(properties.timeout()).hasSeconds(10);
            assertThat(properties.retry().maxAttempts()).isEqualTo(5);
            assertThat(properties.circuitBreaker().minimumNumberOfCalls()).isEqualTo(10);
        });
    }

    @Test
    void partialConfigurationRefusesToStart() {
        runner.withPropertyValues("connvo.getstream.api-key=k")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("connvo.getstream.api-secret=" + SECRET)
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("connvo.getstream.api-key=k", "connvo.getstream.api-secret=too-short")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("connvo.getstream.base-url=ftp://example")
                .run(context -> assertThat(context).hasFailed());
    }
}
