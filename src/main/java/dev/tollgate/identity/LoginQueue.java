package dev.tollgate.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Admits password checks, as many at once as there are hashing threads, and lets checks from
 * addresses without recent failures go ahead of the rest. An address that has failed
 * {@value #SUSPECT_AFTER} logins (with no pause of {@link #MEMORY} between them) is a suspect: its
 * checks wait behind everyone else's, never start while a clean check runs and never take the last
 * free slot. During a credential stuffing attack from a few addresses, the attackers' guesses thus
 * queue behind the real users' logins instead of in front of them, and rarely share the processors
 * with them. At most as many suspects wait as there are slots, so they never tie up the
 * server's request threads; the rest get the usual 503 at once. When the queue is full, a
 * newcomer from a clean address takes the place of the newest suspect.
 */
public final class LoginQueue {
    static final int SUSPECT_AFTER = 3;
    static final Duration MEMORY = Duration.ofMinutes(10);

    private final int slots;
    private final int maxWaiting;
    private final int suspectSlots;
    private final Cache<String, Integer> failures = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(MEMORY)
            .build();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeSet<Waiter> waiting = new TreeSet<>(Comparator
            .comparing((Waiter w) -> w.suspect)
            .thenComparingLong(w -> w.sequence));
    private long sequence;
    private int running;
    private int suspectsWaiting;
    private int suspectsRunning;

    private static final class Waiter {
        final boolean suspect;
        final long sequence;
        boolean admitted;
        boolean turnedAway;

        Waiter(boolean suspect, long sequence) {
            this.suspect = suspect;
            this.sequence = sequence;
        }
    }

    /**
     * @param slots password checks at once (the hashing threads)
     * @param maxWaiting checks that may wait; beyond that {@link HashPool.Overloaded}
     */
    public LoginQueue(int slots, int maxWaiting) {
        this.slots = slots;
        this.maxWaiting = maxWaiting;
        this.suspectSlots = Math.max(1, slots - 1);
    }

    /** Runs the check in its turn and remembers a failure against the client's address. */
    public Authentication authenticate(String clientIp, Supplier<Authentication> check) {
        return inTurn(clientIp, check, Authentication::ok);
    }

    /**
     * Runs a client secret check by the same rules: a wrong secret is a failed login of its
     * address, since either one costs a password hash that anyone may ask for.
     */
    public boolean check(String clientIp, BooleanSupplier check) {
        return inTurn(clientIp, check::getAsBoolean, ok -> ok);
    }

    private <T> T inTurn(String clientIp, Supplier<T> check, Predicate<T> succeeded) {
        String address = IpRateLimit.network(clientIp);
        boolean suspect = failures.asMap().getOrDefault(address, 0) >= SUSPECT_AFTER;
        admit(suspect);
        try {
            T result = check.get();
            if (!succeeded.test(result)) {
                failures.asMap().merge(address, 1, Integer::sum);
            }
            return result;
        } finally {
            release(suspect);
        }
    }

    /** Checks waiting for their turn. */
    public int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    private void admit(boolean suspect) {
        lock.lock();
        try {
            if (suspect && suspectsWaiting >= slots) {
                throw new HashPool.Overloaded();
            }
            if (waiting.size() >= maxWaiting) {
                Waiter last = waiting.last();
                if (suspect || !last.suspect) {
                    throw new HashPool.Overloaded();
                }
                remove(last);
                last.turnedAway = true;
                changed.signalAll();
            }
            Waiter me = new Waiter(suspect, sequence++);
            waiting.add(me);
            if (suspect) {
                suspectsWaiting++;
            }
            dispatch();
            while (!me.admitted && !me.turnedAway) {
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (me.admitted) {
                        finished(suspect);
                    } else if (!me.turnedAway) {
                        remove(me);
                    }
                    throw new HashPool.Overloaded();
                }
            }
            if (me.turnedAway) {
                throw new HashPool.Overloaded();
            }
        } finally {
            lock.unlock();
        }
    }

    private void release(boolean suspect) {
        lock.lock();
        try {
            finished(suspect);
        } finally {
            lock.unlock();
        }
    }

    private void finished(boolean suspect) {
        running--;
        if (suspect) {
            suspectsRunning--;
        }
        dispatch();
    }

    /**
     * Starts waiting checks while slots are free: clean addresses first; suspects only while no
     * clean check runs and they hold fewer than all but one slot, so a real user never waits for a
     * whole suspect's hash and rarely shares the processors with one.
     */
    private void dispatch() {
        boolean started = false;
        Iterator<Waiter> next = waiting.iterator();
        while (running < slots && next.hasNext()) {
            Waiter waiter = next.next();
            if (waiter.suspect && (suspectsRunning >= suspectSlots || running > suspectsRunning)) {
                break;
            }
            next.remove();
            running++;
            if (waiter.suspect) {
                suspectsWaiting--;
                suspectsRunning++;
            }
            waiter.admitted = true;
            started = true;
        }
        if (started) {
            changed.signalAll();
        }
    }

    private void remove(Waiter waiter) {
        waiting.remove(waiter);
        if (waiter.suspect) {
            suspectsWaiting--;
        }
    }
}
