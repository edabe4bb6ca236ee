package io.connvo.meetings.gateway.webhook;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.webhook.HandleGetStreamWebhook;
import io.connvo.meetings.api.webhook.WebhookOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The receiver through Spring MVC, with the real signature check and the real {@code webhook_delivery} table
 * (its migration on H2 in PostgreSQL mode); only the command bus is a mock, answering for the GetStream adapter.
 */
class GetStreamWebhookControllerTest {

    private static final String SECRET = WebhookSignatureTest.SECRET;
    private static final MeetingId MEETING = new MeetingId("meeting_0123456789abcdef0123456789abcdef");

    /** The controller validates by hand; skipping Hibernate Validator's bootstrap keeps the test fast. */
    private static final Validator NO_BEAN_VALIDATION = new Validator() {
        @Override
        public boolean supports(Class<?> type) {
            return false;
        }

        @Override
        public void validate(Object target, Errors errors) {
        }
    };

    private static JdbcClient jdbc;
    private static WebhookDeliveries deliveries;
    private final CommandGateway commandGateway = mock(CommandGateway.class);
    private MockMvc mvc;

    @BeforeAll
    static void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:webhooks;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        // only this module's migration: the other modules' migrations are tested where they live
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V3_1__webhook_deliveries.sql")).execute(dataSource);
        jdbc = JdbcClient.create(dataSource);
        deliveries = new WebhookDeliveries(jdbc);
    }

    @BeforeEach
    void controller() {
        mvc = mvcWith(SECRET, Duration.ofSeconds(2));
        answer(WebhookOutcome.Result.APPLIED, null);
    }

    private MockMvc mvcWith(String secret, Duration commandTimeout) {
        GetStreamWebhookProperties properties = new GetStreamWebhookProperties(secret,
                new GetStreamWebhookProperties.Webhook(commandTimeout, DataSize.ofMegabytes(1)));
        return MockMvcBuilders.standaloneSetup(new GetStreamWebhookController(commandGateway, deliveries, properties, new SimpleMeterRegistry()))
                .setValidator(NO_BEAN_VALIDATION)
                .build();
    }

    private ResultActions deliver(MockMvc target, String body, String signature, String webhookId) throws Exception {
        var request = post(GetStreamWebhookController.PATH).contentType(MediaType.APPLICATION_JSON)
                .content(body.getBytes(StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("X-Signature", signature);
        }
        if (webhookId != null) {
            request.header("X-Webhook-Id", webhookId);
        }
        return target.perform(request);
    }

    private ResultActions deliverSigned(String body, String webhookId) throws Exception {
        return deliver(mvc, body, WebhookSignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8)), webhookId);
    }

    private void answer(WebhookOutcome.Result result, String reason) {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(
                new WebhookOutcome("call.recording_stopped", "default:" + MEETING, result, reason)));
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static String recorded(String webhookId) {
        return jdbc.sql("SELECT outcome FROM webhook_delivery WHERE webhook_id = ?").param(webhookId)
                .query(String.class).optional().orElse(null);
    }

    private static String event(String type, String extra) {
        return "{\"type\":\"" + type + "\",\"call_cid\":\"default:" + MEETING + "\",\"egress_id\":\"e1\","
                + "\"created_at\":\"2025-01-01T00:00:00Z\"" + extra + "}";
    }

    private HandleGetStreamWebhook handedOn() {
        ArgumentCaptor<Object> command = ArgumentCaptor.forClass(Object.class);
        verify(commandGateway).send(command.capture());
        return (HandleGetStreamWebhook) command.getValue();
    }

    /** Bytes that are no UTF-8 never reach the adapter; the fields' own checks are the adapter's (recording-saga). */
    static Stream<Arguments> outsideTheInputPolicy() {
        String ready = "call.recording_ready";
        return Stream.of(
                Arguments.of("overlong C0 AF in the url", utf8Around(event(ready,
                        ",\"call_recording\":{\"url\":\"https://x/a@@b.mp4\"}"), 0xC0, 0xAF), "body"),
                Arguments.of("0xFF inside a field name", utf8Around(event(ready,
                        ",\"call_recording\":{\"u@@rl\":\"https://x/a.mp4\"}"), 0xFF), "body"),
                Arguments.of("encoded surrogate ED A0 80", utf8Around(event(ready,
                        ",\"call_recording\":{\"url\":\"https://x/@@\"}"), 0xED, 0xA0, 0x80), "body"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outsideTheInputPolicy")
    void aSignedPayloadOutsideTheInputPolicyIsAValidationErrorAndChangesNothing(String why, byte[] body, String field)
            throws Exception {
        String webhookId = newId();

        mvc.perform(post(GetStreamWebhookController.PATH).contentType(MediaType.APPLICATION_JSON).content(body)
                        .header("X-Signature", WebhookSignature.sign(SECRET, body)).header("X-Webhook-Id", webhookId))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errorData.code").value("VALIDATION_ERROR"))
                .andExpect(jsonPath("$.errorData.metadata.field").value(field));

        verify(commandGateway, never()).send(any());
        assertThat(recorded(webhookId)).isNull();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The text's UTF-8 with the raw bytes put where it says {@code @@}. */
    private static byte[] utf8Around(String text, int... raw) {
        int at = text.indexOf("@@");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(utf8(text.substring(0, at)));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(utf8(text.substring(at + 2)));
        return out.toByteArray();
    }

    @Test
    void theTestVectorIsHandedOnWithItsIdAndRecordedWithTheAdaptersOutcome() throws Exception {
        String id = newId();
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(
                new WebhookOutcome("call.recording_ready", "default:c1", WebhookOutcome.Result.APPLIED, null)));

        deliver(mvc, WebhookSignatureTest.BODY, WebhookSignatureTest.SIGNATURE, id)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("success"))
                .andExpect(jsonPath("$.value.outcome").value("applied"));

        assertThat(handedOn()).isEqualTo(new HandleGetStreamWebhook(id, WebhookSignatureTest.BODY));
        assertThat(jdbc.sql("SELECT event_type || ' ' || call_cid || ' ' || outcome FROM webhook_delivery WHERE webhook_id = ?")
                .param(id).query(String.class).single()).isEqualTo("call.recording_ready default:c1 applied");
    }

    @Test
    void aRedeliveryOfTheSameIdChangesNothing() throws Exception {
        String id = newId();
        String body = event("call.recording_stopped", "");

        deliverSigned(body, id).andExpect(status().isOk()).andExpect(jsonPath("$.value.outcome").value("applied"));
        deliverSigned(body, id).andExpect(status().isOk()).andExpect(jsonPath("$.value.outcome").value("duplicate"));

        verify(commandGateway, times(1)).send(any());
    }

    @Test
    void aBadSignatureIs401AndChangesNothing() throws Exception {
        String id = newId();
        String body = event("call.recording_stopped", "");

        deliver(mvc, body, WebhookSignature.sign("another-secret-0123456789abcdef01", body.getBytes(StandardCharsets.UTF_8)), id)
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.status").value("error"))
                .andExpect(jsonPath("$.errorData.code").value("UNAUTHORIZED"))
                .andExpect(jsonPath("$.errorData.statusCode").value(401));
        deliver(mvc, WebhookSignatureTest.BODY, WebhookSignatureTest.SIGNATURE.replace('2', '3'), id)
                .andExpect(status().isUnauthorized());

        verify(commandGateway, never()).send(any());
        assertThat(recorded(id)).isNull();
    }

    @Test
    void aMissingSignatureIs401AndChangesNothing() throws Exception {
        String id = newId();
        deliver(mvc, event("call.recording_stopped", ""), null, id)
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.errorData.code").value("UNAUTHORIZED"))
                .andExpect(jsonPath("$.errorMessage").value("X-Signature is missing"));
        verify(commandGateway, never()).send(any());
        assertThat(recorded(id)).isNull();
    }

    @Test
    void withoutAConfiguredSecretEveryWebhookIs401() throws Exception {
        String body = event("call.recording_stopped", "");
        deliver(mvcWith(null, Duration.ofSeconds(1)), body, WebhookSignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8)), newId())
                .andExpect(status().isUnauthorized());
        verify(commandGateway, never()).send(any());
    }

    @Test
    void whatTheAdapterIgnoresIsAcknowledgedAndRecorded() throws Exception {
        answer(WebhookOutcome.Result.IGNORED, "event type call.member_added is not handled");
        String id = newId();

        deliverSigned("{\"type\":\"call.member_added\",\"call_cid\":\"default:x\"}", id)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.value.outcome").value("ignored"))
                .andExpect(jsonPath("$.value.reason").value("event type call.member_added is not handled"));

        assertThat(recorded(id)).isEqualTo("ignored");
    }

    @Test
    void aBodyTheAdapterCannotReadIs400NamingTheFieldAndNotRecorded() throws Exception {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.failedFuture(
                MeetingException.validation("call_recording.url", "call_recording.url is required")));
        String id = newId();

        deliverSigned(event("call.recording_ready", ",\"call_recording\":{}"), id)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.status").value("error"))
                .andExpect(jsonPath("$.errorData.code").value("VALIDATION_ERROR"))
                .andExpect(jsonPath("$.errorData.metadata.field").value("call_recording.url"));
        assertThat(recorded(id)).isNull();
    }

    @Test
    void anOverlongWebhookIdIs400AndNothingIsHandedOn() throws Exception {
        deliverSigned(event("call.recording_stopped", ""), "x".repeat(201))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errorData.metadata.field").value("X-Webhook-Id"));

        verify(commandGateway, never()).send(any());
    }

    @Test
    void aRefusalIsAcknowledgedSinceRedeliveryCannotHelp() throws Exception {
        answer(WebhookOutcome.Result.REJECTED, "Meeting not found");
        String id = newId();

        deliverSigned(event("call.recording_stopped", ""), id)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.value.outcome").value("rejected"))
                .andExpect(jsonPath("$.value.reason").value("Meeting not found"));
        assertThat(recorded(id)).isEqualTo("rejected");
    }

    @Test
    void aLostRaceOnTheMeetingIs503AndLeavesTheIdFree() throws Exception {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.failedFuture(MeetingException.concurrentChange()));
        String id = newId();

        deliverSigned(event("call.recording_stopped", ""), id).andExpect(status().isServiceUnavailable());
        assertThat(recorded(id)).isNull();
    }

    @Test
    void aSlowCommandIs503AndLeavesTheIdFreeForTheRedelivery() throws Exception {
        mvc = mvcWith(SECRET, Duration.ofMillis(50));
        when(commandGateway.send(any())).thenReturn(new CompletableFuture<>());
        String id = newId();
        String body = event("call.recording_stopped", "");

        deliverSigned(body, id)
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.errorData.code").value("EXTERNAL_SERVICE_TIMEOUT"));
        assertThat(recorded(id)).isNull();

        reset(commandGateway);
        answer(WebhookOutcome.Result.APPLIED, null);
        deliverSigned(body, id).andExpect(status().isOk()).andExpect(jsonPath("$.value.outcome").value("applied"));
        assertThat(recorded(id)).isEqualTo("applied");
    }

    @Test
    void aFailingCommandBusIsAnInternalErrorWithoutStackTraceAndNotRecorded() throws Exception {
        when(commandGateway.send(any()))
                .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("bus down")));
        String id = newId();

        deliverSigned(event("call.recording_stopped", ""), id)
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.errorData.code").value("INTERNAL_ERROR"))
                .andExpect(jsonPath("$.errorMessage").value("the webhook could not be processed"));
        assertThat(recorded(id)).isNull();
    }
}
