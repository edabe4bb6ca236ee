package io.connvo.meetings.platform;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Gives every node that runs a pooled streaming processor a fair share of its segments: ⌊S/N⌋ or ⌈S/N⌉ of S
 * segments among N live nodes.
 * <p>
 * Axon's pooled processor asks a {@link MaxSegmentProvider} how many segments it may hold each time it looks for
 * segments to claim (the token claim interval): above that number it releases the surplus for one interval, at it
 * it claims nothing more. This class is that provider. Its number comes from the shared database: every node
 * announces, per running processor, that it is alive ({@code processor_member}, refreshed every
 * {@link SegmentBalancingProperties#interval()}), so a node that has not claimed anything yet still counts; the
 * segment count and who owns how many come from Axon's {@code token_entry}. The nodes holding the most keep the
 * ⌈S/N⌉ places (ties by node id), so that a balanced distribution never moves.
 * <p>
 * A node that stops deletes its rows; one that dies stops refreshing them and drops out after
 * {@link SegmentBalancingProperties#memberTimeout()}, by when its claims have expired too (the token store's claim
 * timeout) and the survivors' larger shares take them.
 */
public class SegmentBalancer implements MaxSegmentProvider, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    /** Until a processor's share is known (first round, balancing off), it may claim what is free. */
    private static final int UNLIMITED = Short.MAX_VALUE;

    private final JdbcClient db;
    private final String nodeId;
    private final SegmentBalancingProperties properties;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final Map<String, Integer> shares = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    public SegmentBalancer(DataSource dataSource, NodeProperties node, SegmentBalancingProperties properties,
                           ObjectProvider<EventProcessingConfiguration> processing) {
        this.db = JdbcClient.create(dataSource);
        this.nodeId = node.id();
        this.properties = properties;
        this.processing = processing;
    }

    @Override
    public int getMaxSegments(String processorName) {
        return shares.getOrDefault(processorName, UNLIMITED);
    }

    /**
     * This node's share of {@code segments}: the live nodes ranked by segments owned (most first, then by id) take
     * ⌈S/N⌉ while places remain, the others ⌊S/N⌋.
     *
     * @param owned segments owned by each live node, this one included (0 when it owns none)
     */
    static int fairShare(int segments, Map<String, Integer> owned, String me) {
        List<String> ranked = owned.keySet().stream()
                .sorted(Comparator.<String>comparingInt(owned::get).reversed().thenComparing(Comparator.naturalOrder()))
                .toList();
        int nodes = ranked.size();
        int rank = ranked.indexOf(me);
        return segments / nodes + (rank < segments % nodes ? 1 : 0);
    }

    /** One round: announce this node for every running pooled processor and recompute its share. */
    void balance() {
        for (EventProcessor processor : processing.getObject().eventProcessors().values()) {
            if (processor instanceof StreamingEventProcessor streaming) {
                try {
                    balance(streaming);
                } catch (RuntimeException e) { // the database may be away for a moment; the shares stay as they were
                    log.warn("Could not balance the segments of {}: {}", processor.getName(), e.toString());
                }
            }
        }
    }

    private void balance(StreamingEventProcessor processor) {
        String name = processor.getName();
        if (!processor.isRunning()) {
            leave(name);
            shares.remove(name);
            return;
        }
        if (db.sql("UPDATE processor_member SET last_seen = CURRENT_TIMESTAMP WHERE processor_name = ? AND node_id = ?")
                .params(name, nodeId).update() == 0) {
            db.sql("INSERT INTO processor_member (processor_name, node_id, last_seen) VALUES (?, ?, CURRENT_TIMESTAMP)")
                    .params(name, nodeId).update();
        }
        OffsetDateTime liveAfter = db.sql("SELECT CURRENT_TIMESTAMP").query(OffsetDateTime.class).single()
                .minus(properties.memberTimeout());
        // rows of nodes long gone (killed nodes never delete theirs)
        db.sql("DELETE FROM processor_member WHERE processor_name = ? AND last_seen < ?")
                .params(name, liveAfter.minusHours(1)).update();
        Map<String, Integer> owned = new HashMap<>();
        owned.put(nodeId, 0);
        db.sql("SELECT node_id, last_seen FROM processor_member WHERE processor_name = ?").param(name)
                .query((rs, i) -> {
                    if (rs.getObject(2, OffsetDateTime.class).isAfter(liveAfter)) {
                        owned.put(rs.getString(1), 0);
                    }
                    return null;
                }).list();
        int segments = 0;
        for (Map.Entry<String, Integer> claims : db.sql(
                        "SELECT owner, count(*) FROM token_entry WHERE processor_name = ? GROUP BY owner").param(name)
                .query((rs, i) -> Map.entry(String.valueOf(rs.getString(1)), rs.getInt(2))).list()) {
            segments += claims.getValue();
            owned.computeIfPresent(claims.getKey(), (node, none) -> claims.getValue());
        }
        if (segments == 0) { // the processor has not initialized its segments yet
            return;
        }
        int share = fairShare(segments, owned, nodeId);
        Integer before = shares.put(name, share);
        if (before == null || before != share) {
            log.info("Processor {}: {} live nodes, this node's share is {} of {} segments", name, owned.size(), share,
                    segments);
        }
    }

    private void leave(String processorName) {
        db.sql("DELETE FROM processor_member WHERE processor_name = ? AND node_id = ?").params(processorName, nodeId)
                .update();
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        executor = DaemonThreads.scheduler("segment-balancer");
        long interval = properties.interval().toMillis();
        executor.scheduleWithFixedDelay(this::balance, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** Stops before Axon's processors (default phase), keeping the shares so that no segment is claimed meanwhile. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    /** Leaves every processor at once, so that the other nodes take this node's segments as it releases them. */
    @Override
    public void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
        try {
            db.sql("DELETE FROM processor_member WHERE node_id = ?").param(nodeId).update();
        } catch (RuntimeException e) {
            log.warn("Could not leave the processor members; the others notice in {}: {}", properties.memberTimeout(),
                    e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
