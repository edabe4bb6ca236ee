package io.connvo.meetings.gateway.security;

import java.util.List;

/**
 * Paths another part of the gateway serves without a token, in addition to the fixed ones of
 * {@link GatewaySecurityConfiguration}. Every bean of this type is honoured.
 */
public interface PublicPaths {

    /** Path patterns, e.g. {@code /dev/tokens}. */
    List<String> patterns();
}
