package io.connvo.meetings.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CausesTest {

    @Test
    void findsTheOutermostFailureOfTheTypeUnderItsWrappers() {
        IOException inner = new IOException("inner");
        IOException outer = new IOException("outer", inner);
        Throwable wrapped = new CompletionException(new IllegalStateException(outer));

        assertThat(Causes.find(wrapped, IOException.class)).containsSame(outer);
        assertThat(Causes.find(wrapped, UncheckedIOException.class)).isEmpty();
    }

    /** A library may build a chain that loops back (initCause on an exception already in it). */
    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a walk that follows the loop never ends
    void aChainThatLoopsBackEndsTheWalk() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second", first);
        first.initCause(second);

        assertThat(Causes.find(first, IOException.class)).isEmpty();
        assertThat(Causes.of(first).limit(3)).containsExactly(first, second, first);
    }
}
