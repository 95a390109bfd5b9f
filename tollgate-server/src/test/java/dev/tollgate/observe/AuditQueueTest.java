package dev.tollgate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The queue between the request threads and the audit table: batches in the background, the
 * caller writing itself when the queue is full, nothing lost on flush and close.
 */
class AuditQueueTest {
    /** What the writer was given, and on which thread. */
    record Write(String thread, List<String> events) {}

    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final CountDownLatch writerBusy = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Records each write; the background writer's first batch waits for {@link #release}. */
    private final Consumer<List<AuditRecord>> blockingWriter = records -> {
        writes.add(new Write(Thread.currentThread().getName(), records.stream().map(AuditRecord::event).toList()));
        if (Thread.currentThread().getName().equals("tollgate-audit-writer") && writerBusy.getCount() > 0) {
            writerBusy.countDown();
            await(release);
        }
    };

    @Test
    void fullQueueMakesTheCallerWriteItsEventItself() throws InterruptedException {
        try (AuditQueue queue = new AuditQueue(blockingWriter, 2, 10)) {
            queue.record(event("e1"));
            assertThat(writerBusy.await(5, TimeUnit.SECONDS)).isTrue();
            queue.record(event("e2"));
            queue.record(event("e3"));
            assertThat(writes).extracting(Write::events).containsExactly(List.of("e1"));

            queue.record(event("e4"));
            assertThat(writes).as("the queue holds e2 and e3: e4 is written at once, by the caller")
                    .contains(new Write(Thread.currentThread().getName(), List.of("e4")));

            release.countDown();
            queue.flush();
            assertThat(writes).extracting(Write::events).containsExactly(
                    List.of("e1"), List.of("e4"), List.of("e2", "e3"));
            assertThat(writes.get(2).thread()).isEqualTo("tollgate-audit-writer");
        }
    }

    @Test
    void eventsGatheredWhileTheWriterIsBusyGoInBatches() throws InterruptedException {
        try (AuditQueue queue = new AuditQueue(blockingWriter, 100, 4)) {
            queue.record(event("first"));
            assertThat(writerBusy.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 10; i++) {
                queue.record(event("e" + i));
            }
            release.countDown();
            queue.flush();
            assertThat(writes).extracting(write -> write.events().size()).containsExactly(1, 4, 4, 2);
            assertThat(writes).allSatisfy(write -> assertThat(write.thread()).isEqualTo("tollgate-audit-writer"));
            assertThat(writes.stream().flatMap(write -> write.events().stream()).toList())
                    .containsExactly("first", "e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9");
        }
    }

    @Test
    void flushWaitsForEverythingQueuedBeforeIt() {
        List<String> written = new CopyOnWriteArrayList<>();
        try (AuditQueue queue = new AuditQueue(records -> {
            sleep(20);
            records.forEach(record -> written.add(record.event()));
        }, 1000, 3)) {
            for (int i = 0; i < 20; i++) {
                queue.record(event("e" + i));
            }
            queue.flush();
            assertThat(written).hasSize(20);
        }
    }

    @Test
    void closeWritesWhatIsStillQueued() throws InterruptedException {
        AuditQueue queue = new AuditQueue(blockingWriter, 100, 100);
        queue.record(event("e1"));
        assertThat(writerBusy.await(5, TimeUnit.SECONDS)).isTrue();
        queue.record(event("e2"));
        queue.record(event("e3"));
        new Thread(() -> {
            sleep(100);
            release.countDown();
        }).start();
        queue.close();
        assertThat(writes.stream().flatMap(write -> write.events().stream()).toList())
                .containsExactly("e1", "e2", "e3");

        queue.record(event("late"));
        assertThat(writes).as("after close, the caller writes")
                .contains(new Write(Thread.currentThread().getName(), List.of("late")));
    }

    @Test
    void failedBatchIsRetriedUntilStored() {
        AtomicInteger attempts = new AtomicInteger();
        List<String> written = new CopyOnWriteArrayList<>();
        try (AuditQueue queue = new AuditQueue(records -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new IllegalStateException("storage away for a moment");
            }
            records.forEach(record -> written.add(record.event()));
        }, 10, 10)) {
            queue.record(event("e1"));
            queue.flush();
            assertThat(written).containsExactly("e1");
            assertThat(attempts.get()).isEqualTo(3);
        }
    }

    @Test
    void callerWritingItselfSurvivesAStorageFailure() {
        try (AuditQueue queue = new AuditQueue(records -> {
            throw new IllegalStateException("storage away");
        }, 1, 1)) {
            queue.close();
            queue.record(event("e1"));
        }
    }

    private static AuditRecord event(String name) {
        return new AuditRecord(System.currentTimeMillis(), name, "success", "app", "alice", "127.0.0.1", Map.of());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
