package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.error.MeetingException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Recognises a command that lost a race on the same meeting: two nodes loaded the same version and the event
 * store accepted only the first append. The command side reports it as {@link MeetingException#concurrentChange()}
 * (locally and across Axon Server); a bare {@link ConcurrencyException} counts too, should a bus without that
 * translation deliver one.
 */
final class ConcurrencyConflicts {

    private ConcurrencyConflicts() {
    }

    static boolean isConflict(Throwable failure) {
        if (MeetingException.detailsOf(failure).isPresent()) {
            return MeetingException.isConcurrentChange(failure); // any other rule said no: sending again cannot help
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
