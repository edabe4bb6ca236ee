package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.error.MeetingException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Recognises a command that lost a race on the same meeting: two nodes loaded the same version and the event
 * store accepted only the first append (Axon's {@link ConcurrencyException}, from the unique key on
 * aggregate id and sequence number). Behind Axon Server this race is rare (one meeting's commands go to one
 * command node) and arrives without its class, as a remote handling exception: not recognised here.
 */
final class ConcurrencyConflicts {

    private ConcurrencyConflicts() {
    }

    static boolean isConflict(Throwable failure) {
        if (MeetingException.detailsOf(failure).isPresent()) {
            return false; // a rule said no: sending again cannot change that
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
