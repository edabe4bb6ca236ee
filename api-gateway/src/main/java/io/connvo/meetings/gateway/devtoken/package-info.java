/**
 * A development token issuer for the standalone application: off unless {@code connvo.dev-tokens.enabled=true}.
 * See {@link io.connvo.meetings.gateway.devtoken.DevTokenConfiguration}.
 */
package io.connvo.meetings.gateway.devtoken;
