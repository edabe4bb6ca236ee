/**
 * Bearer-token security of the gateway ({@link io.connvo.meetings.gateway.security.GatewaySecurityConfiguration},
 * properties in {@link io.connvo.meetings.gateway.security.GatewaySecurityProperties}) and the
 * {@link io.connvo.meetings.gateway.security.Caller} that controllers receive.
 */
package io.connvo.meetings.gateway.security;
