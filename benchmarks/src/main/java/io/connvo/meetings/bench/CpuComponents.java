package io.connvo.meetings.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which component of the standalone process a CPU sample is charged to, from the sampled thread's name and the
 * frames on its stack ({@code class.method}, innermost first). Each sample goes to exactly one component: the first
 * rule that matches wins. Threads that only ever do one component's work come first; on the other threads (Tomcat's
 * request threads above all) a rule for work that runs nested inside another's comes before that other: the event
 * store's append runs inside the command bus, which runs inside Spring MVC.
 */
final class CpuComponents {

    static final String HTTP = "HTTP and JWT (Tomcat, Spring MVC and Security, Nimbus, gateway)";
    static final String COMMAND_DISPATCH = "command dispatch (Axon command bus, interceptors, retry)";
    static final String AGGREGATE_LOAD = "aggregate load (event store reads on the request thread)";
    static final String DOMAIN = "domain (the Meeting aggregate)";
    static final String APPEND_AND_COMMIT = "append and commit (unit of work commit, event store append, deadlines scheduled)";
    static final String PROJECTION = "projection (meeting-view, recording-view; the event store's reads feeding every processor)";
    static final String SAGA = "saga (media-saga, db-scheduler)";
    static final String VIEW_READ = "read-your-writes wait + view read (query bus)";
    static final String JSON = "JSON (Jackson outside the above)";
    static final String H2_WRITERS = "H2 writer threads";
    static final String SANDBOX = "GetStream sandbox (in-process stand-in)";
    static final String JVM = "JVM's own Java threads (JFR, reference handler, ...)";
    static final String OTHER = "other";

    /** The components in the order they are reported. */
    static final List<String> REPORTED = List.of(HTTP, COMMAND_DISPATCH, AGGREGATE_LOAD, DOMAIN, APPEND_AND_COMMIT, VIEW_READ, JSON,
            PROJECTION, SAGA, H2_WRITERS, SANDBOX, JVM, OTHER);

    private record Rule(String component, Predicate<String> thread, Predicate<String> frame) {

        boolean matches(String threadName, List<String> frames) {
            return thread.test(threadName) || frames.stream().anyMatch(frame);
        }
    }

    private static final Predicate<String> NONE = anything -> false;

    private static final List<Rule> RULES = List.of(
            // InterruptSafeH2 runs every statement that changes the H2 file on these threads, for whichever thread asked
            new Rule(H2_WRITERS, startsWith("h2-writer-"), NONE),
            // the pooled processors' coordinator and work-package threads are named Coordinator[group]-n, WorkPackage[group]-n;
            // Axon's EmbeddedEventStore-n reads the events every processor's stream gets, NotifyingEventStore's watcher wakes them
            new Rule(PROJECTION, contains("[meeting-view]", "[recording-view]").or(startsWith("EmbeddedEventStore-", "EventStoreWatcher")),
                    NONE),
            new Rule(SAGA, contains("[media-saga]").or(startsWith("media-saga", "db-scheduler")), NONE),
            new Rule(SANDBOX, startsWith("getstream-sandbox", "sandbox-"), startsWith("io.connvo.sandbox.")),
            new Rule(JVM, startsWith("Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner", "JFR ",
                    "Attach Listener", "Notification Thread", "Service Thread", "process reaper"), NONE),
            // the platform's housekeeping: its transactions are no request's commit
            new Rule(OTHER, startsWith("segment-balancer", "event-store-guard", "dead-letter-retrier", "idempotency-key-purge",
                    "processor-start-retry"), NONE),
            // replaying the meeting's events into the aggregate is part of loading it, domain code though it is
            new Rule(AGGREGATE_LOAD, NONE, startsWith(
                    "org.axonframework.modelling.command.AbstractRepository.load",
                    "org.axonframework.eventsourcing.eventstore.AbstractEventStore.readEvents")),
            new Rule(VIEW_READ, NONE, startsWith(
                    "org.axonframework.queryhandling.",
                    "io.connvo.meetings.query.",
                    "io.connvo.meetings.platform.ViewProgress",
                    "io.connvo.meetings.gateway.web.ViewWaiter",
                    "io.connvo.meetings.gateway.web.MeetingQueries")),
            new Rule(APPEND_AND_COMMIT, NONE, startsWith(
                    "org.axonframework.messaging.unitofwork.AbstractUnitOfWork.commit",
                    "org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine.appendEvents",
                    "org.springframework.transaction.support.AbstractPlatformTransactionManager.commit",
                    "org.axonframework.deadline.",
                    "com.github.kagkarlsson.",
                    "io.connvo.meetings.platform.CancelTolerantDeadlineManager",
                    "io.connvo.meetings.command.JdbcGuardSchedules")),
            // FailureTranslation wraps the command bus, so it is under every command: dispatch, not domain
            new Rule(DOMAIN, NONE, startsWith("io.connvo.meetings.command.")
                    .and(startsWith("io.connvo.meetings.command.FailureTranslation").negate())),
            new Rule(COMMAND_DISPATCH, NONE, startsWith(
                    "org.axonframework.commandhandling.",
                    "org.axonframework.messaging.",
                    "org.axonframework.modelling.command.",
                    "io.connvo.meetings.command.FailureTranslation",
                    "io.connvo.meetings.platform.ConflictRetryScheduler",
                    "io.connvo.meetings.gateway.web.MeetingCommands")),
            new Rule(JSON, NONE, startsWith(
                    "tools.jackson.",
                    "com.fasterxml.jackson.",
                    "org.springframework.http.converter.",
                    "io.connvo.meetings.gateway.web.RunRequestConverter")),
            new Rule(HTTP, startsWith("http-nio-"), startsWith(
                    "org.apache.catalina.",
                    "org.apache.coyote.",
                    "org.apache.tomcat.",
                    "jakarta.servlet.",
                    "org.springframework.web.",
                    "org.springframework.security.",
                    "com.nimbusds.",
                    "io.connvo.meetings.gateway.")));

    private CpuComponents() {
    }

    /** The component of one sample: {@code frames} are {@code class.method}, innermost first. */
    static String of(String threadName, List<String> frames) {
        for (Rule rule : RULES) {
            if (rule.matches(threadName, frames)) {
                return rule.component();
            }
        }
        return OTHER;
    }

    private static Predicate<String> startsWith(String... prefixes) {
        return text -> Arrays.stream(prefixes).anyMatch(text::startsWith);
    }

    private static Predicate<String> contains(String... parts) {
        return text -> Arrays.stream(parts).anyMatch(text::contains);
    }
}
