package io.connvo.meetings.gateway.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link RunRequestConverter} ahead of Spring's JSON converter, for route bodies only. */
@Configuration(proxyBeanMethods = false)
class RunRequestWebConfiguration implements WebMvcConfigurer {

    private final GatewayProperties properties;

    RunRequestWebConfiguration(GatewayProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.addCustomConverter(new RunRequestConverter(properties.maxBodySize().toBytes()));
    }
}
