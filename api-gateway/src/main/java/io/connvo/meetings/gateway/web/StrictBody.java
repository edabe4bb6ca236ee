package io.connvo.meetings.gateway.web;

/**
 * A request body read by {@link RunRequestConverter}'s strict mapper, within the routes' body size limit: the
 * routes' {@link RunRequest}s and the development token request. Spring's lenient mapper would turn a number
 * into a string, a float into an integer, and pass over unknown and repeated fields.
 */
public interface StrictBody {
}
