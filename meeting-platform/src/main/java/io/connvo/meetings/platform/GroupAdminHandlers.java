package io.connvo.meetings.platform;

import io.connvo.meetings.api.admin.AdminMessage;
import io.connvo.meetings.api.admin.Projection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.Registration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.queryhandling.QueryBus;

/**
 * Admin message handlers for the processing groups that run in this process, subscribed under each group's message
 * name ({@link Projection#messageName}) once Axon has started and cancelled when it stops. So the bus routes an
 * admin message to a service that runs its group, wherever that is, and a group that runs nowhere gets no handler
 * (the gateway's NOT_FOUND). Subclasses subscribe what they answer for each group in {@link #subscribe}.
 */
public abstract class GroupAdminHandlers extends AfterAxonLifecycle {

    private final CommandBus commandBus;
    private final QueryBus queryBus;
    private final EventProcessingConfiguration processing;
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();

    protected GroupAdminHandlers(CommandBus commandBus, QueryBus queryBus, EventProcessingConfiguration processing) {
        this.commandBus = commandBus;
        this.queryBus = queryBus;
        this.processing = processing;
    }

    /** Subscribes, through {@link #command} and {@link #query}, the handlers of the groups {@link #runsHere}. */
    protected abstract void subscribe();

    /** Whether the group's event processor (a projection's, or a saga's) is configured in this process. */
    protected boolean runsHere(Projection group) {
        return processing.eventProcessorByProcessingGroup(group.group()).isPresent();
    }

    protected <C extends AdminMessage> void command(Projection group, Class<C> type, Function<C, ?> handler) {
        registrations.add(commandBus.subscribe(group.messageName(type),
                message -> handler.apply(type.cast(message.getPayload()))));
    }

    protected <Q extends AdminMessage, R> void query(Projection group, Class<Q> type, Class<R> responseType,
                                                     Function<Q, R> handler) {
        registrations.add(queryBus.subscribe(group.messageName(type), responseType,
                message -> handler.apply(type.cast(message.getPayload()))));
    }

    @Override
    protected final void onAxonStarted() {
        subscribe();
    }

    @Override
    protected final void beforeAxonStops() {
        registrations.forEach(Registration::cancel);
        registrations.clear();
    }
}
