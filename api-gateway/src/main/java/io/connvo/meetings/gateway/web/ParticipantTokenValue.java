package io.connvo.meetings.gateway.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * What a GetStream client SDK needs to join a meeting's call as the caller: the user token and where to use it.
 *
 * @param token     HS256 user token signed with the API secret: {@code user_id}, {@code call_cids} (this call
 *                  only), {@code iat}, {@code exp}
 * @param callType  the GetStream call type ({@code default})
 * @param callId    the call id, which is the meeting id
 * @param expiresAt when the token stops being accepted; ask for a new one before
 */
@Schema(requiredProperties = {"token", "apiKey", "callType", "callId", "userId", "expiresAt"})
public record ParticipantTokenValue(String token, String apiKey, String callType, String callId, String userId,
                                    Instant expiresAt) {
}
