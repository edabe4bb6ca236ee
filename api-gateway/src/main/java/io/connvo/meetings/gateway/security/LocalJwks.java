package io.connvo.meetings.gateway.security;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * Public keys of an issuer inside this process (the development token issuer). When such a bean exists
 * the JWT decoder trusts these keys directly, without an HTTP round trip to itself; tokens with any other
 * key id are still checked against the configured JWKS location. Asked at each verification: the keys may still
 * be in the making while the application starts.
 */
public interface LocalJwks {

    JWKSet publicKeys();
}
