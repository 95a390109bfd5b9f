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
 * origins without many recent failures go ahead of the rest. An origin is a client and the address
 * it logs users in from ({@link IpRateLimit#key}), so that several applications behind one address
 * are told apart, and a backend that forwards its users' addresses is judged per user address.
 *
 * <p>An origin whose recent logins (with no pause of {@link #MEMORY} between them) include at
 * least {@value #SUSPECT_AFTER} failures, and more failures than successes, is a suspect: its
 * checks wait behind everyone else's, never start while a clean check runs and never take the last
 * free slot. A backend with thousands of good logins and a few typos is therefore no suspect, and
 * one with a few typos and no successes yet is, but its checks all wait their turn, up to the
 * queue's normal capacity. Only an origin with {@value #HOSTILE_AFTER} failures or more (a
 * credential stuffing run, not typing) is held to as many waiting checks as there are slots, so
 * that it never ties up the server's request threads; beyond that it gets the usual 503 at once.
 * When the queue is full, a newcomer from a clean origin takes the place of the newest suspect.
 */
public final class LoginQueue {
    static final int SUSPECT_AFTER = 3;
    static final int HOSTILE_AFTER = 30;
    static final Duration MEMORY = Duration.ofMinutes(10);

    private final int slots;
    private final int maxWaiting;
    private final int suspectSlots;
    private final Cache<String, Record> records = Caffeine.newBuilder()
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
    private int hostileWaiting;
    private int suspectsRunning;

    /** An origin's recent failures and successes. */
    private record Record(int failures, int successes) {
        Record add(boolean ok) {
            return ok ? new Record(failures, successes + 1) : new Record(failures + 1, successes);
        }

        Standing standing() {
            if (failures < SUSPECT_AFTER || failures <= successes) {
                return Standing.CLEAN;
            }
            return failures < HOSTILE_AFTER ? Standing.SUSPECT : Standing.HOSTILE;
        }
    }

    private enum Standing { CLEAN, SUSPECT, HOSTILE }

    private static final class Waiter {
        final boolean suspect;
        final boolean hostile;
        final long sequence;
        boolean admitted;
        boolean turnedAway;

        Waiter(Standing standing, long sequence) {
            this.suspect = standing != Standing.CLEAN;
            this.hostile = standing == Standing.HOSTILE;
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

    /** Runs the check in its turn and remembers its outcome against the origin. */
    public Authentication authenticate(String clientId, String clientIp, Supplier<Authentication> check) {
        return inTurn(IpRateLimit.key(clientId, clientIp), check, Authentication::ok);
    }

    /**
     * Runs a client secret check by the same rules, as a login of the address with no client (the
     * client is not authenticated yet): a wrong secret costs a password hash that anyone may ask for.
     */
    public boolean check(String clientIp, BooleanSupplier check) {
        return inTurn(IpRateLimit.key(null, clientIp), check::getAsBoolean, ok -> ok);
    }

    private <T> T inTurn(String origin, Supplier<T> check, Predicate<T> succeeded) {
        Record record = records.getIfPresent(origin);
        Waiter me = admit(record == null ? Standing.CLEAN : record.standing());
        try {
            T result = check.get();
            boolean ok = succeeded.test(result);
            records.asMap().merge(origin, new Record(0, 0).add(ok), (before, one) -> before.add(ok));
            return result;
        } finally {
            release(me);
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

    private Waiter admit(Standing standing) {
        lock.lock();
        try {
            if (standing == Standing.HOSTILE && hostileWaiting >= slots) {
                throw new HashPool.Overloaded();
            }
            if (waiting.size() >= maxWaiting) {
                Waiter last = waiting.last();
                if (standing != Standing.CLEAN || !last.suspect) {
                    throw new HashPool.Overloaded();
                }
                remove(last);
                last.turnedAway = true;
                changed.signalAll();
            }
            Waiter me = new Waiter(standing, sequence++);
            waiting.add(me);
            if (me.hostile) {
                hostileWaiting++;
            }
            dispatch();
            while (!me.admitted && !me.turnedAway) {
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (me.admitted) {
                        finished(me);
                    } else if (!me.turnedAway) {
                        remove(me);
                    }
                    throw new HashPool.Overloaded();
                }
            }
            if (me.turnedAway) {
                throw new HashPool.Overloaded();
            }
            return me;
        } finally {
            lock.unlock();
        }
    }

    private void release(Waiter me) {
        lock.lock();
        try {
            finished(me);
        } finally {
            lock.unlock();
        }
    }

    private void finished(Waiter me) {
        running--;
        if (me.suspect) {
            suspectsRunning--;
        }
        dispatch();
    }

    /**
     * Starts waiting checks while slots are free: clean origins first; suspects only while no
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
            if (waiter.hostile) {
                hostileWaiting--;
            }
            if (waiter.suspect) {
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
        if (waiter.hostile) {
            hostileWaiting--;
        }
    }
}
