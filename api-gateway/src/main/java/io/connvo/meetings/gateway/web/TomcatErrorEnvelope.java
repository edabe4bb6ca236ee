package io.connvo.meetings.gateway.web;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Requests Tomcat rejects before any servlet runs (an encoded NUL or other illegal character in the path, a
 * malformed request line, a transfer coding or HTTP version it does not speak) get the envelope too, instead of
 * Tomcat's HTML error page: its host's error report valve is replaced by one that writes a fixed envelope.
 */
@Component
@ConditionalOnClass(TomcatServletWebServerFactory.class)
class TomcatErrorEnvelope implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(EnvelopeErrorReportValve.class.getName());
            }
        });
    }

    /** Instantiated by Tomcat by name: public, with a public no-argument constructor. */
    public static class EnvelopeErrorReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            // Tomcat's own 501 and 505 refuse what a client sent (a transfer coding or HTTP version it does not
            // speak): the client's error, not a fault of ours
            boolean refused = status < 500 || status == 501 || status == 505;
            String code = status == 404 ? "NOT_FOUND" : status == 401 ? "UNAUTHORIZED" : refused
                    ? "VALIDATION_ERROR" : "INTERNAL_ERROR";
            String message = refused ? "Malformed request" : "An unexpected error occurred";
            try {
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write("{\"status\":\"error\",\"errorMessage\":\"" + message + "\",\"errorData\":{\"code\":\""
                            + code + "\",\"message\":\"" + message + "\",\"statusCode\":" + status + ",\"metadata\":{}}}");
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException ignored) {
                // the client went away; there is no one left to answer
            }
        }
    }
}
