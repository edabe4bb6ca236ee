package io.connvo.meetings.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.filter.FormContentFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * How request bodies are read: {@link ContentTypeInterceptor} refuses every content type but JSON on every route,
 * {@link RunRequestConverter} goes ahead of Spring's JSON converter, for route bodies only, and no form body is
 * ever parsed.
 */
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

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ContentTypeInterceptor());
    }

    /**
     * Takes the place of Boot's form filter (which backs off when one exists) and parses nothing: that filter
     * reads PUT, PATCH and DELETE form bodies before security, and a body that is not valid percent-encoding
     * failed there as an HTTP 500. No route takes a form.
     */
    @Bean
    FormContentFilter formsNotParsedFilter() {
        return new FormContentFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return true;
            }
        };
    }
}
