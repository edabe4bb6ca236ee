package io.connvo.meetings.platform;

import org.axonframework.spring.config.SpringAxonConfiguration;
import org.springframework.context.SmartLifecycle;

/**
 * A component that starts once Axon's configuration has started (its buses, processors and handlers exist) and stops
 * before Axon shuts down.
 */
public abstract class AfterAxonLifecycle implements SmartLifecycle {

    private volatile boolean running;

    protected abstract void onAxonStarted();

    protected abstract void beforeAxonStops();

    @Override
    public final void start() {
        onAxonStarted();
        running = true;
    }

    @Override
    public final void stop() {
        running = false;
        beforeAxonStops();
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    @Override
    public final int getPhase() {
        return SpringAxonConfiguration.LIFECYCLE_PHASE + 1;
    }
}
