package io.connvo.meetings.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.filter.FormContentFilter;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * How requests are read and answered: {@link ContentTypeInterceptor} refuses every content type but JSON on every
 * route, {@link NoQueryParameters} any query string on the {@code /api/run} routes, {@link RunRequestConverter} goes
 * ahead of Spring's JSON converter, for strict bodies only, no form body is ever parsed, and answers are JSON
 * whatever the request's {@code Accept} says.
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

    /**
     * The envelope is the routes' one representation, so {@code Accept} is not consulted: answers are JSON wherever a
     * route produces it (any other type a route produces, such as the OpenAPI document in YAML, is still served).
     * Consulted, an Accept without JSON was a 406 with an empty body, an unparseable one a 500, {@code
     * application/yaml} the envelope in YAML, and an unknown charset a 500 once the answer was written: after the
     * command had been executed.
     */
    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        configurer.ignoreAcceptHeader(true).defaultContentType(MediaType.APPLICATION_JSON, MediaType.ALL);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ContentTypeInterceptor());
        registry.addInterceptor(new NoQueryParameters()).addPathPatterns(NoQueryParameters.ROUTES);
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
