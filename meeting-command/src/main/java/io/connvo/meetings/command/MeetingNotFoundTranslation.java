package io.connvo.meetings.command;

import io.connvo.meetings.api.error.MeetingException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Turns Axon's {@link AggregateNotFoundException} (a command for a meeting id that has no events) into the
 * domain's NOT_FOUND, with the same message as for a caller who is not a participant. Being a
 * {@link MeetingException}, its details cross Axon Server to the sender intact.
 */
public class MeetingNotFoundTranslation implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        try {
            return interceptorChain.proceed();
        } catch (AggregateNotFoundException e) {
            throw MeetingException.notFound("Meeting");
        }
    }
}
