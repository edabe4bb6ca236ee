package io.connvo.meetings.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The share arithmetic: every live node gets ⌊S/N⌋ or ⌈S/N⌉, the shares add up to S, holdings decide who keeps more. */
class SegmentBalancerTest {

    @Test
    void twelveSegmentsDivideEvenlyAmongOneToFourNodesAndFairlyAmongMore() {
        for (int nodes = 1; nodes <= 13; nodes++) {
            Map<String, Integer> owned = new LinkedHashMap<>();
            IntStream.range(0, nodes).forEach(i -> owned.put("node-" + i, i == 0 ? 12 : 0));
            int[] shares = owned.keySet().stream().mapToInt(node -> SegmentBalancer.fairShare(12, owned, node)).toArray();
            int floor = 12 / nodes;
            assertThat(IntStream.of(shares).sum()).as("%d nodes", nodes).isEqualTo(12);
            assertThat(IntStream.of(shares).min().getAsInt()).as("%d nodes", nodes).isGreaterThanOrEqualTo(floor);
            assertThat(IntStream.of(shares).max().getAsInt()).as("%d nodes", nodes).isLessThanOrEqualTo(floor + 1);
        }
    }

    @Test
    void theNodesHoldingMostKeepTheLargerSharesSoABalancedSplitNeverMoves() {
        Map<String, Integer> owned = Map.of("a", 2, "b", 3, "c", 2, "d", 3, "e", 2);
        assertThat(SegmentBalancer.fairShare(12, owned, "b")).isEqualTo(3);
        assertThat(SegmentBalancer.fairShare(12, owned, "d")).isEqualTo(3);
        assertThat(SegmentBalancer.fairShare(12, owned, "a")).isEqualTo(2);
        // equal holdings: the node id decides, the same way on every node
        Map<String, Integer> tied = Map.of("x", 0, "y", 0);
        assertThat(SegmentBalancer.fairShare(3, tied, "x")).isEqualTo(2);
        assertThat(SegmentBalancer.fairShare(3, tied, "y")).isEqualTo(1);
    }
}
