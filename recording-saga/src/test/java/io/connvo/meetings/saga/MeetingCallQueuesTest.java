package io.connvo.meetings.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.Test;

class MeetingCallQueuesTest {

    private final HeldCalls pool = new HeldCalls();
    private final MeetingCallQueues queues = new MeetingCallQueues(pool);
    private final List<String> made = new ArrayList<>();

    @Test
    void aMeetingsCallsRunInTheOrderGivenAndOtherMeetingsDoNotWait() {
        queues.execute("a", () -> made.add("a: start"));
        queues.execute("a", () -> made.add("a: stop"));
        queues.execute("b", () -> made.add("b: start"));

        assertThat(pool.size()).as("one call per meeting on the pool").isEqualTo(2);
        pool.runNewestFirst();

        assertThat(made).containsExactly("b: start", "a: start", "a: stop");
    }

    @Test
    void aCallGivenWhileTheMeetingsCallRunsWaitsForIt() {
        queues.execute("a", () -> {
            queues.execute("a", () -> made.add("stop"));
            made.add("start");
        });

        pool.runNewestFirst();

        assertThat(made).containsExactly("start", "stop");
    }

    @Test
    void aMeetingIsForgottenOnceItsLastCallEnds() {
        queues.execute("a", () -> made.add("start"));
        queues.execute("a", () -> {
            throw new IllegalStateException("GetStream away");
        });
        queues.execute("a", () -> made.add("stop"));
        assertThat(queues.meetingsBusy()).isEqualTo(1);

        try {
            pool.runNewestFirst();
        } catch (IllegalStateException expected) { // as a pool thread would die of it; the next call still runs
            pool.runNewestFirst();
        }

        assertThat(made).containsExactly("start", "stop");
        assertThat(queues.meetingsBusy()).isZero();
    }

    @Test
    void aCallThePoolRefusesFreesTheMeetingForLaterCalls() {
        MeetingCallQueues refusing = new MeetingCallQueues(call -> {
            throw new RejectedExecutionException("shut down");
        });
        refusing.execute("a", () -> made.add("lost"));
        refusing.execute("a", () -> made.add("lost too"));

        assertThat(refusing.meetingsBusy()).isZero();
        assertThat(made).isEmpty();
    }
}
