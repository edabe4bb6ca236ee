package io.connvo.meetings.gateway.security;

import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.gateway.metrics.EnvelopeCodes;
import io.connvo.meetings.gateway.web.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** Writes the gateway's error envelope from the security filters, where no controller advice applies. */
final class EnvelopeWriter {

    private final JsonMapper json;

    EnvelopeWriter(JsonMapper json) {
        this.json = json;
    }

    void write(HttpServletRequest request, HttpServletResponse response, int httpStatus, ErrorCode code, String message)
            throws IOException {
        EnvelopeCodes.record(request, code);
        response.setStatus(httpStatus);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), ApiResponse.error(new ErrorDetails(code, message, Map.of())));
    }
}
