package dev.tollgate.observe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores audit events off the request thread: {@link #record} puts an event in a bounded queue
 * and returns, and one background thread writes what has gathered in batches. Every successful
 * grant records an event, so this keeps a database round trip out of the token endpoint. When the
 * queue is full the caller writes its event itself, which slows it down rather than losing the
 * event. {@link #close} writes what is still queued.
 *
 * <p>A batch that fails is retried with a growing pause until it is stored or the queue closes
 * (then it is tried once more and, failing, given up with a warning). An event the caller
 * writes itself and cannot store is given up with a warning at once: the log file has it either
 * way.
 */
public final class AuditQueue implements AutoCloseable {
    public static final int CAPACITY = 10_000;
    public static final int BATCH_SIZE = 500;
    private static final Logger LOG = LoggerFactory.getLogger(AuditQueue.class);
    private static final long FLUSH_WAIT_MILLIS = 5_000;
    private static final long CLOSE_WAIT_MILLIS = 10_000;
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long LAST_RETRY_MILLIS = 10_000;

    private final Consumer<List<AuditRecord>> writer;
    private final int capacity;
    private final int batchSize;
    private final ReentrantLock lock = new ReentrantLock();
    /** The writer waits here for events, or for the close. */
    private final Condition work = lock.newCondition();
    /** A writer pausing between retries waits here for the close. */
    private final Condition stopping = lock.newCondition();
    /** {@link #flush} waits here for the writer to get further. */
    private final Condition progress = lock.newCondition();
    private final ArrayDeque<AuditRecord> queue = new ArrayDeque<>();
    /** Events ever queued, and ever taken from the queue and written (or given up): flush compares the two. */
    private long queued;
    private long done;
    private boolean closed;
    private final Thread thread;

    /** @param writer stores a batch of events in one go, or throws */
    public AuditQueue(Consumer<List<AuditRecord>> writer) {
        this(writer, CAPACITY, BATCH_SIZE);
    }

    public AuditQueue(Consumer<List<AuditRecord>> writer, int capacity, int batchSize) {
        if (capacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("capacity and batch size must be positive");
        }
        this.writer = writer;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.thread = new Thread(this::run, "tollgate-audit-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the event, or writes it now when the queue is full or closed. */
    public void record(AuditRecord event) {
        lock.lock();
        try {
            if (!closed && queue.size() < capacity) {
                queue.add(event);
                queued++;
                work.signal();
                return;
            }
        } finally {
            lock.unlock();
        }
        try {
            writer.accept(List.of(event));
        } catch (RuntimeException e) {
            LOG.warn("audit event {} not stored (it is in the audit log file): {}", event.event(), e.toString());
        }
    }

    /**
     * Waits until every event queued before this call is written, for a few seconds at most (when
     * storage is away, a reader gets what is stored so far rather than waiting for it).
     */
    public void flush() {
        lock.lock();
        try {
            long target = queued;
            long left = TimeUnit.MILLISECONDS.toNanos(FLUSH_WAIT_MILLIS);
            while (done < target) {
                if (left <= 0) {
                    LOG.warn("audit events still queued after {} ms: storage is slow or away", FLUSH_WAIT_MILLIS);
                    return;
                }
                left = progress.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            List<AuditRecord> batch = take();
            if (batch == null) {
                return;
            }
            store(batch);
            lock.lock();
            try {
                done += batch.size();
                progress.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The next batch; null once closed and empty. */
    private List<AuditRecord> take() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                awaitUninterruptibly(work, Long.MAX_VALUE);
            }
            if (queue.isEmpty()) {
                return null;
            }
            List<AuditRecord> batch = new ArrayList<>(Math.min(queue.size(), batchSize));
            while (batch.size() < batchSize && !queue.isEmpty()) {
                batch.add(queue.poll());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void store(List<AuditRecord> batch) {
        long pause = FIRST_RETRY_MILLIS;
        while (true) {
            boolean last = isClosed();
            try {
                writer.accept(batch);
                return;
            } catch (RuntimeException e) {
                if (last) {
                    LOG.warn("{} audit events not stored while stopping (they are in the audit log file): {}",
                            batch.size(), e.toString());
                    return;
                }
                LOG.warn("storing {} audit events failed, retrying in {} ms: {}", batch.size(), pause, e.toString());
            }
            lock.lock();
            try {
                if (!closed) {
                    awaitUninterruptibly(stopping, pause);
                }
            } finally {
                lock.unlock();
            }
            pause = Math.min(pause * 2, LAST_RETRY_MILLIS);
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Only {@link #close} ends the writer, so an interrupt just ends one wait. */
    private static void awaitUninterruptibly(Condition condition, long millis) {
        try {
            if (millis == Long.MAX_VALUE) {
                condition.await();
            } else {
                condition.await(millis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            // the loop around checks its state again
        }
    }

    /** Writes what is queued (waiting a few seconds at most) and stops the writer; later events are written by their callers. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
            stopping.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("audit events still being stored after {} ms; stopping without them", CLOSE_WAIT_MILLIS);
        }
    }
}
