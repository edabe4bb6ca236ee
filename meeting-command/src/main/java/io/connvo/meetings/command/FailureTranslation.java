package io.connvo.meetings.command;

import io.connvo.meetings.api.error.MeetingException;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * The local command bus, with Axon's failures that have a domain meaning ({@link MeetingException#detailsOf})
 * turned into the {@link MeetingException} they mean: a lost race (the event store refused the append because
 * another change of the meeting was stored first, {@link ConcurrencyException}) is a
 * {@link MeetingException#concurrentChange()}, a meeting with no events ({@link AggregateNotFoundException}) is
 * NOT_FOUND. The append happens when the unit of work commits, after every handler interceptor has returned, so
 * the translation sits on the result the bus hands to its callback. Being a {@code MeetingException}, it reaches
 * the sender with its code and metadata intact, also across Axon Server (which hands incoming commands to this
 * bus), where Axon's own exception would arrive as an anonymous execution error.
 */
final class FailureTranslation implements CommandBus {

    private final CommandBus delegate;

    FailureTranslation(CommandBus delegate) {
        this.delegate = delegate;
    }

    @Override
    public <C> void dispatch(CommandMessage<C> command) {
        delegate.dispatch(command);
    }

    @Override
    public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        delegate.dispatch(command, (CommandMessage<? extends C> message, CommandResultMessage<? extends R> result) ->
                callback.onResult(message, translate(result)));
    }

    static <R> CommandResultMessage<? extends R> translate(CommandResultMessage<? extends R> result) {
        if (!result.isExceptional() || result.exceptionResult() instanceof MeetingException) {
            return result;
        }
        return MeetingException.detailsOf(result.exceptionResult())
                .<CommandResultMessage<? extends R>>map(details -> GenericCommandResultMessage.<R>asCommandResultMessage(
                        new MeetingException(details.code(), details.message(), details.metadata()))
                        .andMetaData(result.getMetaData()))
                .orElse(result);
    }

    @Override
    public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        return delegate.subscribe(commandName, handler);
    }

    @Override
    public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
        return delegate.registerHandlerInterceptor(interceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
        return delegate.registerDispatchInterceptor(interceptor);
    }
}
