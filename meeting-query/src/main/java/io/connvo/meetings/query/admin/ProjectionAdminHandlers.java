package io.connvo.meetings.query.admin;

import io.connvo.meetings.api.admin.GetProjectionStatus;
import io.connvo.meetings.api.admin.Projection;
import io.connvo.meetings.api.admin.ProjectionStatus;
import io.connvo.meetings.api.admin.ReplayProjection;
import io.connvo.meetings.platform.GroupAdminHandlers;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.queryhandling.QueryBus;
import org.springframework.stereotype.Component;

/**
 * A projection's status and replay as admin messages, answered for the replayable projections that run here (the
 * query service, or the standalone process); their dead letters are meeting-platform's {@code DeadLetterAdmin}.
 * Status is a scatter-gather query, answered by every service running the projection; replay a command that one
 * instance running it handles.
 */
@Component
class ProjectionAdminHandlers extends GroupAdminHandlers {

    private final ProjectionReplays replays;

    ProjectionAdminHandlers(CommandBus commandBus, QueryBus queryBus, EventProcessingConfiguration processing,
                            ProjectionReplays replays) {
        super(commandBus, queryBus, processing);
        this.replays = replays;
    }

    @Override
    protected void subscribe() {
        for (Projection projection : Projection.values()) {
            if (projection.replayable() && runsHere(projection)) {
                query(projection, GetProjectionStatus.class, ProjectionStatus.class,
                        query -> replays.status(query.projection().group()));
                command(projection, ReplayProjection.class, command -> replays.replay(command.projection().group()));
            }
        }
    }
}
