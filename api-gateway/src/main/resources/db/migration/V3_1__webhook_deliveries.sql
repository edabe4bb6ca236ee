-- GetStream webhook deliveries already handled, keyed by X-Webhook-Id: a redelivery of one of them changes nothing.
CREATE TABLE webhook_delivery (
    webhook_id  VARCHAR(200)             NOT NULL PRIMARY KEY,
    event_type  VARCHAR(100)             NOT NULL,
    call_cid    VARCHAR(200),
    outcome     VARCHAR(20)              NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX webhook_delivery_received_at ON webhook_delivery (received_at);
