package io.connvo.meetings.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.connvo.meetings.api.query.MeetingView;
import io.swagger.v3.oas.annotations.media.Schema;

/** The value of the other lifecycle commands: success and the meeting as it is after the command. */
@Schema(requiredProperties = "success")
public record CommandValue(boolean success, @JsonInclude(JsonInclude.Include.NON_NULL) MeetingView meeting) {
}
