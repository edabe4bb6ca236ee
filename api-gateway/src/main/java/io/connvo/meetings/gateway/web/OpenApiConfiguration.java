package io.connvo.meetings.gateway.web;

import io.connvo.meetings.gateway.security.Caller;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header and the bearer scheme the routes require ({@code /v3/api-docs}). */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Connvo meetings API", version = "1.0.0",
        description = "Meeting lifecycle and recording; routes mirror the original Convex function paths."))
@SecurityScheme(name = OpenApiConfiguration.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "A WorkOS user token: `Authorization: Bearer <user-token>`.")
class OpenApiConfiguration {

    static final String BEARER = "bearerAuth";

    static {
        // The caller comes from the token, never from the request's parameters or body.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }
}
