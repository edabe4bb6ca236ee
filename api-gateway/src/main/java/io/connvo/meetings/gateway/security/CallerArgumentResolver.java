package io.connvo.meetings.gateway.security;

import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Supplies a {@link Caller} parameter of a controller method from the request's verified JWT. Routes that
 * take a {@code Caller} must be behind authentication; if there is no token anyway, an
 * {@link AuthenticationCredentialsNotFoundException} is thrown (an HTTP 401).
 */
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final Callers callers;

    public CallerArgumentResolver(Callers callers) {
        this.callers = callers;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Caller.class.equals(parameter.getParameterType());
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return callers.from(jwt);
        }
        throw new AuthenticationCredentialsNotFoundException("Authentication required");
    }
}
