package io.connvo.meetings.gateway.webhook;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code webhook_delivery} table: which {@code X-Webhook-Id}s have been handled. */
@Repository
public class WebhookDeliveries {

    private final JdbcClient jdbc;

    public WebhookDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean handled(String webhookId) {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE webhook_id = ?")
                .param(webhookId)
                .query(Long.class)
                .single() > 0;
    }

    /** Records a handled delivery; a concurrent redelivery that got here first is fine. */
    void record(String webhookId, String eventType, String callCid, String outcome, Instant at) {
        try {
            jdbc.sql("INSERT INTO webhook_delivery (webhook_id, event_type, call_cid, outcome, received_at) VALUES (?, ?, ?, ?, ?)")
                    .params(webhookId, eventType, callCid, outcome, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException alreadyRecorded) {
            // both deliveries were handed on; the meeting applied the webhook once, so nothing is lost or doubled
        }
    }
}
