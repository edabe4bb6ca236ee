package io.connvo.meetings.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Drives an {@link Operation} from a fixed pool of client threads: a warm-up whose results are dropped, then a
 * fixed measurement window.
 *
 * <p>Closed loop ({@code rate == 0}): every client sends its next request as soon as the previous one returned.
 * Open loop ({@code rate > 0}): request {@code k} is due at {@code start + k / rate}; its latency is measured
 * from that intended send time, so a server that falls behind is charged for the queueing it causes
 * (no coordinated omission). The rate is only reached if enough clients are free to send on time.
 */
final class LoadDriver {

    /** Latencies are recorded in microseconds, up to one hour, with 3 significant digits. */
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    record Settings(int clients, Duration warmup, Duration duration, double rate) {
        Settings {
            if (clients < 1) {
                throw new IllegalArgumentException("clients must be at least 1");
            }
        }
    }

    /**
     * What one run measured: the latencies of whole calls, and of the requests timed apart inside them
     * ({@link Operation.Clock#part}); the measured window runs from {@code measuredFrom} for {@code seconds}.
     */
    record Result(Histogram latencyMicros, Map<String, Histogram> partMicros, long successes, Map<String, Long> errors,
                  Instant measuredFrom, double seconds, boolean exhausted) {

        double throughput() {
            return seconds <= 0 ? 0 : successes / seconds;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        Instant measuredTo() {
            return measuredFrom.plusNanos((long) (seconds * 1e9));
        }
    }

    Result run(Operation operation, Settings settings) throws InterruptedException {
        ConcurrentHistogram histogram = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        Map<String, Histogram> parts = new ConcurrentSkipListMap<>();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        LongAdder successes = new LongAdder();
        AtomicLong ticket = new AtomicLong();
        AtomicLong exhaustedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastCompletion = new AtomicLong();

        Instant wallStart = Instant.now();
        long start = System.nanoTime();
        long measureFrom = start + settings.warmup().toNanos();
        long end = measureFrom + settings.duration().toNanos();
        double nanosPerRequest = settings.rate() > 0 ? 1e9 / settings.rate() : 0;

        ExecutorService clients = Executors.newFixedThreadPool(settings.clients(), runnable -> {
            Thread thread = new Thread(runnable, "bench-client");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < settings.clients(); i++) {
            clients.execute(() -> {
                while (exhaustedAt.get() == Long.MAX_VALUE) {
                    long intended;
                    if (nanosPerRequest > 0) {
                        intended = start + (long) (ticket.getAndIncrement() * nanosPerRequest);
                        if (intended >= end) {
                            return;
                        }
                        parkUntil(intended);
                    } else {
                        intended = System.nanoTime();
                        if (intended >= end) {
                            return;
                        }
                    }
                    Operation.Clock clock = new Operation.Clock(intended);
                    String error;
                    try {
                        error = operation.call(clock);
                    } catch (Operation.PoolExhausted e) {
                        exhaustedAt.compareAndSet(Long.MAX_VALUE, System.nanoTime());
                        return;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        error = "IO_" + e.getClass().getSimpleName();
                    }
                    long done = System.nanoTime();
                    if (clock.startNanos() >= measureFrom && intended < end) {
                        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, (done - clock.startNanos()) / 1_000)));
                        clock.partMicros().forEach((part, micros) -> parts
                                .computeIfAbsent(part, name -> new ConcurrentHistogram(HIGHEST_MICROS, 3))
                                .recordValue(Math.min(HIGHEST_MICROS, micros)));
                        lastCompletion.accumulateAndGet(done, Math::max);
                        if (error == null) {
                            successes.increment();
                        } else {
                            errors.computeIfAbsent(error, code -> new LongAdder()).increment();
                        }
                    }
                }
            });
        }
        clients.shutdown();
        long limit = settings.warmup().plus(settings.duration()).toSeconds() + 120;
        if (!clients.awaitTermination(limit, TimeUnit.SECONDS)) {
            clients.shutdownNow();
        }
        // Until the last measured response: in open loop a server that fell behind is still answering after the end.
        long stoppedAt = Math.min(Math.max(end, lastCompletion.get()), exhaustedAt.get());
        double seconds = Math.max(0, stoppedAt - measureFrom) / 1e9;
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((code, count) -> errorCounts.put(code, count.sum()));
        return new Result(histogram, parts, successes.sum(), errorCounts, wallStart.plusNanos(measureFrom - start), seconds,
                exhaustedAt.get() != Long.MAX_VALUE);
    }

    private static void parkUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
