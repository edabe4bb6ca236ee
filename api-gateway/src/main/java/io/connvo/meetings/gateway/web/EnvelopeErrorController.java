package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Failures that never reached a controller (a request the firewall or the servlet container rejected, an error
 * in a filter) in the same envelope as everything else, instead of Boot's default error body. Asked for directly,
 * the error path is no route: there is no error to report.
 */
@Hidden
@RestController
class EnvelopeErrorController implements ErrorController {

    @RequestMapping(path = "${server.error.path:${error.path:/error}}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApiResponse<Void>> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        ErrorDetails details;
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            details = new ErrorDetails(ErrorCode.NOT_FOUND, "No such route", Map.of());
        } else if (status == null || status.is5xxServerError()) {
            details = new ErrorDetails(ErrorCode.INTERNAL_ERROR, "An unexpected error occurred", Map.of());
        } else if (status == HttpStatus.UNAUTHORIZED) {
            details = new ErrorDetails(ErrorCode.UNAUTHORIZED, "Authentication required", Map.of());
        } else if (status == HttpStatus.FORBIDDEN) {
            details = new ErrorDetails(ErrorCode.INSUFFICIENT_PERMISSIONS, "Not allowed", Map.of());
        } else if (status == HttpStatus.NOT_FOUND) {
            details = new ErrorDetails(ErrorCode.NOT_FOUND, "No such route", Map.of());
        } else {
            details = RequestErrors.validation("request", "The request was rejected: " + status.getReasonPhrase());
        }
        return ApiResponse.failure(details);
    }
}
