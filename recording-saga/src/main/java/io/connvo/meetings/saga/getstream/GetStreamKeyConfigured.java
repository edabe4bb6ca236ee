package io.connvo.meetings.saga.getstream;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * True when {@code connvo.getstream.api-key} has text (blank counts as absent, as in the properties
 * record). The standalone application reads the same property to decide whether to start the sandbox.
 */
public class GetStreamKeyConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return StringUtils.hasText(context.getEnvironment().getProperty(GetStreamProperties.API_KEY_PROPERTY));
    }
}
