package io.connvo.meetings.api.admin;

/**
 * An admin message about one processing group. It travels under {@link #messageName()}, to which only a service
 * running the group subscribes: see {@link Projection#messageName}.
 */
public interface AdminMessage {

    Projection projection();

    default String messageName() {
        return projection().messageName(getClass());
    }
}
