package io.connvo.meetings.saga;

import io.connvo.meetings.saga.getstream.GetStreamProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The media saga, the GetStream adapter and its circuit breaker. Applications {@code @Import} this. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties({GetStreamProperties.class, MediaSagaProperties.class})
public class SagaModule {
}
