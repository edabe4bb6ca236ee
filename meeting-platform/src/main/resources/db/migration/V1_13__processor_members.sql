-- The nodes running each event processor, for SegmentBalancer: every node refreshes its row each balancing round
-- (last_seen from the database's clock); a row older than connvo.processing.balancing.member-timeout belongs to a
-- node that stopped or died. Versioned 1_13 to stay clear of other platform migrations added alongside.
CREATE TABLE processor_member (
    processor_name VARCHAR(255)             NOT NULL,
    node_id        VARCHAR(255)             NOT NULL,
    last_seen      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (processor_name, node_id)
);
