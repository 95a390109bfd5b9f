package dev.tollgate.identity;

import dev.tollgate.Unavailable;
import dev.tollgate.observe.Metrics;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs password hashing on a fixed number of threads (one per CPU by default) behind a bounded
 * queue. Hashing is memory-hard and CPU-bound: running more at once than there are cores only adds
 * latency and memory, and a flood of login attempts must be turned away rather than queued without
 * end.
 */
public final class HashPool implements AutoCloseable, Metrics.Hashing {
    private final ThreadPoolExecutor executor;
    private final java.util.concurrent.atomic.AtomicLong runs = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong rejected = new java.util.concurrent.atomic.AtomicLong();

    public HashPool(int threads, int queueSize) {
        int size = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueSize), runnable -> {
                    Thread thread = new Thread(runnable, "tollgate-hash-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.prestartAllCoreThreads();
    }

    /** Runs the task on the pool and waits for it; {@link Overloaded} when the queue is full. */
    public <T> T run(Callable<T> task) {
        Future<T> future;
        try {
            future = executor.submit(() -> {
                runs.incrementAndGet();
                long start = System.nanoTime();
                try {
                    return task.call();
                } finally {
                    nanos.addAndGet(System.nanoTime() - start);
                }
            });
        } catch (RejectedExecutionException e) {
            rejected.incrementAndGet();
            throw new Overloaded();
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new Overloaded();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    public int threads() {
        return executor.getCorePoolSize();
    }

    /** Tasks started so far. */
    @Override
    public long runs() {
        return runs.get();
    }

    /** Time spent hashing so far, in nanoseconds. */
    @Override
    public long totalNanos() {
        return nanos.get();
    }

    /** Tasks turned away because the queue was full. */
    @Override
    public long rejected() {
        return rejected.get();
    }

    @Override
    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** The hashing queue is full; the request should be retried later. */
    public static final class Overloaded extends Unavailable {
        public Overloaded() {
            super("server busy, retry");
        }
    }
}
