package io.connvo.meetings.standalone;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Picks deadlines by name out of db-scheduler's {@code scheduled_tasks} rows (the name is in the task's serialized
 * details). The tests share one database, so "nothing left pending" is said of a kind of deadline: the saga's
 * retries, a guard; a recording's guards also stay until due after its meeting ended.
 */
final class PendingDeadlines {

    private PendingDeadlines() {
    }

    /** How many of these {@code task_data} values are the media saga's retries. */
    static long sagaRetries(List<byte[]> taskData) {
        return named("media-saga.retry-", taskData);
    }

    /** How many of these {@code task_data} values are deadlines whose name starts with {@code namePrefix}. */
    static long named(String namePrefix, List<byte[]> taskData) {
        byte[] prefix = namePrefix.getBytes(StandardCharsets.UTF_8);
        return taskData.stream().filter(data -> data != null && contains(data, prefix)).count();
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
