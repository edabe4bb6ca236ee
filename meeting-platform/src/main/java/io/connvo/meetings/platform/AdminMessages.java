package io.connvo.meetings.platform;

import io.connvo.meetings.api.admin.AdminMessage;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.GenericMessage;

/** How an admin command is sent: as a command message named by its group, see {@link GroupAdminHandlers}. */
public final class AdminMessages {

    private AdminMessages() {
    }

    public static <C extends AdminMessage> CommandMessage<C> command(C payload) {
        return new GenericCommandMessage<>(new GenericMessage<>(payload), payload.messageName());
    }
}
