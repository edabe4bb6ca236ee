package io.connvo.meetings.gateway.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a route that changes something: it honours an {@code Idempotency-Key} header (see {@link IdempotencyFilter})
 * and the OpenAPI document lists the header on it. Routes without it (queries) ignore the header.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface IdempotentCommand {
}
