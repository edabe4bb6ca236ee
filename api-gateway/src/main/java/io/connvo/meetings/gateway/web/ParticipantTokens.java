package io.connvo.meetings.gateway.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * GetStream user tokens, as its server SDKs' call tokens: HS256 signed with the API secret, {@code user_id},
 * {@code call_cids} limited to the meeting's call, {@code iat} and {@code exp}.
 */
@Component
class ParticipantTokens {

    private final ParticipantTokenProperties properties;
    private final Clock clock;

    @Autowired
    ParticipantTokens(ParticipantTokenProperties properties) {
        this(properties, Clock.systemUTC());
    }

    ParticipantTokens(ParticipantTokenProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    ParticipantTokenValue issue(MeetingId meetingId, UserId userId) {
        if (!properties.configured()) {
            throw new MeetingException(ErrorCode.STREAM_ERROR, "GetStream is not configured on this server");
        }
        // GetStream reads whole seconds; the answer's expiresAt is exactly the token's exp
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(properties.userToken().ttl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("user_id", userId.value())
                .claim("call_cids", List.of(meetingId.getStreamCallCid()))
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new MACSigner(properties.apiSecret().getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a GetStream user token (the API secret needs 32+ bytes)", e);
        }
        return new ParticipantTokenValue(jwt.serialize(), properties.apiKey(), MeetingId.GETSTREAM_CALL_TYPE, meetingId.value(),
                userId.value(), expiresAt);
    }
}
