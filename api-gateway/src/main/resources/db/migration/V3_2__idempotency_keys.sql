-- Idempotency-Key of command requests, per caller: the request it was first used for (route and body digest) and,
-- once decided, the answer every repeat gets. A row without an answer is claimed by the request executing it until
-- locked_until; after that (its node died, or its answer said "try again") the next repeat executes it.
-- request_id stays with the key across those attempts: ids a command creates are derived from it, so a repeat of
-- a request whose answer was lost finds what the lost attempt created instead of creating it again.
CREATE TABLE idempotency_key (
    caller_id       VARCHAR(255)             NOT NULL,
    idempotency_key VARCHAR(255)             NOT NULL,
    route           VARCHAR(200)             NOT NULL,
    body_sha256     VARCHAR(64)              NOT NULL,
    request_id      VARCHAR(32)              NOT NULL,
    claim_token     VARCHAR(36)              NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE NOT NULL,
    response_status INTEGER,
    response_body   BYTEA,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (caller_id, idempotency_key)
);

CREATE INDEX idempotency_key_expires_at ON idempotency_key (expires_at);
