package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.gateway.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/** Sends commands for a request, with its metadata, and waits for them within the configured bound. */
@Component
public class MeetingCommands {

    private final CommandGateway commandGateway;
    private final GatewayProperties properties;

    MeetingCommands(CommandGateway commandGateway, GatewayProperties properties) {
        this.commandGateway = commandGateway;
        this.properties = properties;
    }

    /** Sends the command and returns the aggregate version it produced (every handler returns it). */
    long send(Object command, HttpServletRequest request, Caller caller) {
        CompletableFuture<Object> result = commandGateway.send(command, RequestMetadata.of(request, caller));
        Object version = await(result, properties.commandTimeout(), "The command", "; its outcome is unknown");
        if (!(version instanceof Number number)) {
            throw new IllegalStateException("Command handler returned no aggregate version: " + version);
        }
        return number.longValue();
    }

    /** Sends a command that is not addressed to a meeting (administration) and returns its handler's answer. */
    public <R> R call(Object command, Class<R> resultType, HttpServletRequest request, Caller caller) {
        CompletableFuture<Object> result = commandGateway.send(command, RequestMetadata.of(request, caller));
        return resultType.cast(await(result, properties.commandTimeout(), "The command", "; its outcome is unknown"));
    }

    /** The future's value within {@code timeout}; past it, EXTERNAL_SERVICE_TIMEOUT. */
    static <R> R await(CompletableFuture<R> future, Duration timeout, String what, String consequence) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new MeetingException(ErrorCode.EXTERNAL_SERVICE_TIMEOUT,
                    what + " did not complete within " + timeout.toMillis() + " ms" + consequence);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting: " + what, e);
        }
    }
}
