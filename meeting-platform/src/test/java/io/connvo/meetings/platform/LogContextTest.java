package io.connvo.meetings.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.command.StartMeeting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * While a command or an event is handled, the logging context names its correlation id, trace id and meeting; it is
 * restored afterwards. With Spring Boot's structured logging switched on (one property), those are fields of every
 * JSON line.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogContextTest {

    private static final Map<String, String> METADATA = Map.of("correlationId", "corr-1", "traceId", "4bf92f3577b34da6a3ce929d0e0e4736");

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void commandHandlingNamesCorrelationTraceAndMeeting() throws Exception {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.registerHandlerInterceptor(new LogContext());
        List<Map<String, String>> seen = new ArrayList<>();
        bus.subscribe(StartMeeting.class.getName(), command -> seen.add(MDC.getCopyOfContextMap()));
        MDC.put("requestScoped", "kept");

        bus.dispatch(GenericCommandMessage.asCommandMessage(new StartMeeting(new MeetingId("meeting_42"), new UserId("user_1")))
                .andMetaData(METADATA));

        assertThat(seen).singleElement().satisfies(mdc -> assertThat(mdc)
                .containsEntry("correlationId", "corr-1")
                .containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736")
                .containsEntry("meetingId", "meeting_42")
                .containsEntry("requestScoped", "kept"));
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("requestScoped", "kept"));
    }

    @Test
    void eventHandlingNamesTheEventsMeetingAndAnActiveSpanKeepsItsTraceId() throws Exception {
        MDC.put("traceId", "from-the-active-span");
        GenericDomainEventMessage<String> event = new GenericDomainEventMessage<>("Meeting", "meeting_7", 3, "payload",
                METADATA);
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        Object mdc = unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork, List.of(new LogContext()),
                message -> MDC.getCopyOfContextMap()).proceed()).getPayload();

        assertThat(mdc).isEqualTo(Map.of("correlationId", "corr-1", "traceId", "from-the-active-span", "meetingId", "meeting_7"));
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("traceId", "from-the-active-span"));
    }

    @Configuration(proxyBeanMethods = false)
    static class NothingElse {
    }

    @Test
    void structuredLoggingIsOneSettingAwayAndCarriesTheContext(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(NothingElse.class)
                .web(WebApplicationType.NONE)
                .properties("logging.structured.format.console=ecs", "spring.main.banner-mode=off")
                .run()) {
            SimpleCommandBus bus = SimpleCommandBus.builder().build();
            bus.registerHandlerInterceptor(new LogContext());
            bus.subscribe(StartMeeting.class.getName(), command -> {
                LoggerFactory.getLogger(LogContextTest.class).info("handling the start");
                return null;
            });
            bus.dispatch(GenericCommandMessage.asCommandMessage(new StartMeeting(new MeetingId("meeting_42"), new UserId("user_1")))
                    .andMetaData(METADATA));
        }

        String line = output.getOut().lines().filter(l -> l.contains("handling the start")).findFirst().orElseThrow();
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("message").asText()).isEqualTo("handling the start");
        assertThat(json.path("correlationId").asText()).isEqualTo("corr-1");
        assertThat(json.path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.path("meetingId").asText()).isEqualTo("meeting_42");
    }
}
