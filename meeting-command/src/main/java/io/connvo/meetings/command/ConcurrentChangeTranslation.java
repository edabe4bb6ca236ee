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
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * The local command bus, with a lost race turned into the domain's {@link MeetingException#concurrentChange()}:
 * the event store refused the append because another change of the meeting was stored first (Axon's
 * {@link ConcurrencyException}, or {@link AggregateStreamCreationException} for a creation). The append happens
 * when the unit of work commits, after every handler interceptor has returned, so the translation sits on the
 * result the bus hands to its callback. Being a {@code MeetingException}, it reaches the sender with its code and
 * marker intact, also across Axon Server (which hands incoming commands to this bus), where a bare
 * {@code ConcurrencyException} would arrive as an anonymous execution error.
 */
final class ConcurrentChangeTranslation implements CommandBus {

    private final CommandBus delegate;

    ConcurrentChangeTranslation(CommandBus delegate) {
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
        if (result.isExceptional() && lostRace(result.exceptionResult())) {
            return GenericCommandResultMessage.<R>asCommandResultMessage(MeetingException.concurrentChange())
                    .andMetaData(result.getMetaData());
        }
        return result;
    }

    private static boolean lostRace(Throwable failure) {
        if (MeetingException.detailsOf(failure).isPresent()) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
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
