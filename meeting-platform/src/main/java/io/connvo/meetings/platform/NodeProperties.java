package io.connvo.meetings.platform;

import java.lang.management.ManagementFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * This node among the nodes that share one database ({@code connvo.node.*}).
 *
 * @param id who claims event processor segments in the token store and picks deadlines in db-scheduler; default
 *           the JVM's {@code pid@host}, unique per process. Set it only when several application contexts share
 *           one JVM (tests), since nodes with the same id would think each other's claims are their own.
 */
@ConfigurationProperties("connvo.node")
public record NodeProperties(String id) {

    public NodeProperties {
        id = id == null || id.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : id;
    }
}
