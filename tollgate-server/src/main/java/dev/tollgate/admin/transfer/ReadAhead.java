package dev.tollgate.admin.transfer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads and parses records on a thread of its own while the caller checks and writes the ones
 * before: on two cores the parsing of the next batch and the database's work on this one overlap.
 * It gives the same records, invalid ones and end as the reader it wraps, in the same order, and
 * holds at most {@link #CHUNKS} chunks of {@link #CHUNK} records ahead, so memory stays as flat as
 * the reader's own.
 */
final class ReadAhead implements RecordReader {
    static final int CHUNK = 256;
    static final int CHUNKS = 4;
    private static final Object END = new Object();

    private final RecordReader reader;
    private final BlockingQueue<List<Object>> chunks = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread thread;
    private List<Object> chunk = List.of();
    private int next;
    private volatile boolean closed;

    ReadAhead(RecordReader reader) {
        this.reader = reader;
        this.thread = new Thread(this::fill, "import-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Each item is a record, what reading it threw (to be thrown in its place), or {@link #END}. */
    private void fill() {
        List<Object> items = new ArrayList<>(CHUNK);
        try {
            while (!closed) {
                Object item;
                try {
                    ImportRecord record = reader.read();
                    item = record == null ? END : record;
                } catch (InvalidRecord e) {
                    item = e;
                } catch (IOException | RuntimeException | Error e) {
                    item = e;
                }
                items.add(item);
                boolean last = !(item instanceof ImportRecord)
                        && !(item instanceof InvalidRecord invalid && !invalid.fatal());
                if (last || items.size() == CHUNK) {
                    while (!closed && !chunks.offer(items, 100, TimeUnit.MILLISECONDS)) {
                        // the caller is busy writing: wait for room
                    }
                    if (last) {
                        return;
                    }
                    items = new ArrayList<>(CHUNK);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public ImportRecord read() throws IOException {
        if (next == chunk.size()) {
            try {
                chunk = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading");
            }
            next = 0;
        }
        Object item = chunk.get(next);
        if (item == END) {
            return null; // stays at the end: every later call answers null too
        }
        next++;
        if (item instanceof ImportRecord record) {
            return record;
        }
        if (item instanceof InvalidRecord invalid && !invalid.fatal()) {
            throw invalid;
        }
        // a fatal error ends the file: answer it again if asked again
        next--;
        if (item instanceof IOException e) {
            throw e;
        }
        if (item instanceof Error e) {
            throw e;
        }
        throw (RuntimeException) item;
    }

    @Override
    public void close() throws IOException {
        // no interrupt: it would close the file under a read; the thread sees the flag within 100 ms
        closed = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }
}
