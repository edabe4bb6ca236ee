package io.connvo.meetings.gateway.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the REST routes wait and what they accept ({@code connvo.gateway.*}).
 *
 * @param commandTimeout          how long a command may take before the caller gets EXTERNAL_SERVICE_TIMEOUT
 *                                (default 10s; its outcome is then unknown)
 * @param queryTimeout            how long getMeeting/listRecordings may take (default 5s)
 * @param readYourWritesTimeout   how long a command's response waits for the meeting view to show the
 *                                command's effect (default 2s); past it the latest view seen is returned
 * @param recordingStartTimeout   how long startRecording waits for the recording to become active or fail
 *                                (default 5s); past it the id is returned while the recording is starting
 * @param maxBodySize             the largest request body accepted (default 64KB)
 */
@ConfigurationProperties("connvo.gateway")
public record GatewayProperties(
        @DefaultValue("10s") Duration commandTimeout,
        @DefaultValue("5s") Duration queryTimeout,
        @DefaultValue("2s") Duration readYourWritesTimeout,
        @DefaultValue("5s") Duration recordingStartTimeout,
        @DefaultValue("64KB") DataSize maxBodySize) {
}
