package io.connvo.meetings.gateway;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The REST gateway: routes, error envelope, security, webhook receiver. Applications {@code @Import} it. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@ConfigurationPropertiesScan
public class GatewayModule {
}
