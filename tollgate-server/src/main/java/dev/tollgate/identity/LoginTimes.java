package dev.tollgate.identity;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * How long a directory takes to search for a user it has and bind as it: the median of the last
 * {@value #KEPT} such checks. A check that found no single user waits until it has taken as long,
 * because a search that finds an entry costs the directory more than one that finds none, and the
 * difference would tell an attacker which usernames exist.
 */
final class LoginTimes {
    static final int KEPT = 64;

    private final long[] recent = new long[KEPT];
    private int count;
    private int next;

    /** A check of a user the directory has took this long. */
    synchronized void record(long nanos) {
        recent[next] = nanos;
        next = (next + 1) % KEPT;
        count = Math.min(count + 1, KEPT);
    }

    /** Nanoseconds a check of a user the directory has usually takes; 0 before the first. */
    synchronized long typical() {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(recent, count);
        Arrays.sort(sorted);
        return sorted[count / 2];
    }

    /** Waits until a check that started at {@code startedNanos} has taken the typical time. */
    void padFrom(long startedNanos) {
        long until = startedNanos + typical();
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
