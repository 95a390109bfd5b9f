package dev.tollgate.admin.transfer;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads an import file one record at a time, never the whole file at once. After an
 * {@link InvalidRecord} that is not fatal, the next call reads the next record.
 */
public interface RecordReader extends Closeable {
    /** The next record, or null at the end of the file. */
    ImportRecord read() throws IOException;

    /** Opens a file for reading from its start; an import reads it twice (check, then write). */
    @FunctionalInterface
    interface Source {
        RecordReader open() throws IOException;

        /**
         * What changes when the file does (its size and modification time), or null when unknown:
         * the write pass trusts the check pass only for the file the check pass read.
         */
        default String version() throws IOException {
            return null;
        }
    }
}
