package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.error.Causes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.axonserver.connector.command.AxonServerCommandDispatchException;
import org.axonframework.axonserver.connector.query.AxonServerQueryDispatchException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.distributed.CommandDispatchException;
import org.axonframework.queryhandling.NoHandlerForQueryException;

/**
 * Whether a failure says the command or query never reached a handler because the bus is unreachable: Axon Server
 * down or refusing connections, or no service connected that handles the message. Such a request changed nothing
 * and may simply be sent again; a handler's own failure (a rule, a remote exception) is never one of these.
 */
final class BusUnavailable {

    /** The connector's codes for a message that could not be delivered (AXONIQ-3001, -4000, -4003, -5000, -5002, -2100). */
    private static final Set<ErrorCode> UNDELIVERED = EnumSet.of(ErrorCode.CONNECTION_FAILED,
            ErrorCode.NO_HANDLER_FOR_COMMAND, ErrorCode.COMMAND_DISPATCH_ERROR, ErrorCode.NO_HANDLER_FOR_QUERY,
            ErrorCode.QUERY_DISPATCH_ERROR, ErrorCode.NO_EVENT_STORE_MASTER_AVAILABLE);
    private static final Set<Status.Code> UNREACHABLE = EnumSet.of(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);

    private BusUnavailable() {
    }

    static boolean isUnavailable(Throwable failure) {
        return Causes.of(failure).map(BusUnavailable::verdict).flatMap(Optional::stream).findFirst().orElse(false);
    }

    /** Whether {@code t} says the bus could not deliver, if it says anything about it; else ask its cause. */
    private static Optional<Boolean> verdict(Throwable t) {
        if (t instanceof NoHandlerForCommandException || t instanceof NoHandlerForQueryException) {
            return Optional.of(true);
        }
        if (t instanceof AxonServerCommandDispatchException e) {
            return Optional.of(undelivered(e.getErrorCode()));
        }
        if (t instanceof CommandDispatchException) { // the distributed command bus could not send it anywhere
            return Optional.of(true);
        }
        if (t instanceof AxonServerQueryDispatchException e) {
            return Optional.of(undelivered(e.code()));
        }
        if (t instanceof AxonServerException e && undelivered(e.code())) {
            return Optional.of(true);
        }
        // the connector library's own exception, under the framework's (as observed: AXONIQ-4003 UNAVAILABLE)
        if (t instanceof io.axoniq.axonserver.connector.AxonServerException e
                && undelivered(e.getErrorCategory().errorCode())) {
            return Optional.of(true);
        }
        if (t instanceof StatusRuntimeException e && UNREACHABLE.contains(e.getStatus().getCode())) {
            return Optional.of(true);
        }
        return Optional.empty();
    }

    private static boolean undelivered(String code) {
        return code != null && UNDELIVERED.contains(ErrorCode.getFromCode(code));
    }
}
