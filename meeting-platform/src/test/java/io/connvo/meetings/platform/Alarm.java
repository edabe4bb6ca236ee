package io.connvo.meetings.platform;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A tiny aggregate that schedules a deadline, to exercise the platform's stores and deadline manager. */
@Aggregate
public class Alarm {

    public record SetAlarm(@TargetAggregateIdentifier String alarmId, Instant ringAt) {
    }

    public record AlarmSet(String alarmId, Instant ringAt) {
    }

    public record AlarmRang(String alarmId, Instant rangAt) {
    }

    record Ring(String alarmId) {
    }

    @AggregateIdentifier
    private String alarmId;

    protected Alarm() {
    }

    @CommandHandler
    public Alarm(SetAlarm command, DeadlineManager deadlineManager) {
        apply(new AlarmSet(command.alarmId(), command.ringAt()));
        deadlineManager.schedule(command.ringAt(), "ring", new Ring(command.alarmId()));
    }

    @DeadlineHandler(deadlineName = "ring")
    void ring(Ring ring) {
        apply(new AlarmRang(ring.alarmId(), Instant.now()));
    }

    @EventSourcingHandler
    void on(AlarmSet event) {
        alarmId = event.alarmId();
    }
}
