package io.connvo.meetings.standalone;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Picks the media saga's retry deadlines out of db-scheduler's {@code scheduled_tasks} rows. A meeting's own guards
 * (maximum duration, empty room, no-show) stay scheduled after it ends and fire as no-ops, so "nothing left pending"
 * is a statement about the saga's retries; the deadline's name is in the task's serialized details.
 */
final class SagaRetryDeadlines {

    private static final byte[] NAME_PREFIX = "media-saga.retry-".getBytes(StandardCharsets.UTF_8);

    private SagaRetryDeadlines() {
    }

    /** How many of these {@code task_data} values are saga retries. */
    static long among(List<byte[]> taskData) {
        return taskData.stream().filter(data -> data != null && contains(data, NAME_PREFIX)).count();
    }

    private static boolean contains(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i <= data.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
