package io.connvo.meetings.gateway.audit;

import io.connvo.meetings.gateway.security.PublicPaths;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The auditor's page at {@code /audit}: static HTML and JavaScript from the jar ({@code static/audit/}) that read
 * the audit routes with the token the user pastes (or mints, where the development issuer runs). The page itself
 * holds no data, so it is served without a token; the routes it calls check the caller as always.
 */
@Configuration(proxyBeanMethods = false)
class AuditPage implements WebMvcConfigurer {

    static final String PATH = "/audit";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController(PATH, PATH + "/");
        registry.addViewController(PATH + "/").setViewName("forward:" + PATH + "/index.html");
    }

    @Bean
    PublicPaths auditPagePaths() {
        return () -> List.of(PATH, PATH + "/", PATH + "/*.html", PATH + "/*.js", PATH + "/*.css");
    }
}
