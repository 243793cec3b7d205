package io.akasha.core.collection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.akasha.storage.WriteAheadLog;

/**
 * Where a collection logs its writes before applying them: a write-ahead log for a durable
 * engine, nothing for an in-memory one. A write whose record could not be appended is not applied.
 */
public interface Journal extends AutoCloseable {

    /** Logs nothing and replays nothing: the in-memory engine's journal. */
    Journal NONE = new Journal() {
        @Override
        public void append(byte[] record) {
        }

        @Override
        public void replay(Consumer<ByteBuffer> consumer) {
        }

        @Override
        public void close() {
        }
    };

    /** Appends a record durably: it is on the device when this returns. */
    void append(byte[] record) throws IOException;

    /** Passes every record logged so far, in order; called once, before the first append. */
    void replay(Consumer<ByteBuffer> consumer) throws IOException;

    @Override
    void close() throws IOException;

    /** A journal over a write-ahead log file. */
    static Journal of(WriteAheadLog log) {
        return new Journal() {
            @Override
            public void append(byte[] record) throws IOException {
                log.append(record);
            }

            @Override
            public void replay(Consumer<ByteBuffer> consumer) throws IOException {
                log.replay(consumer);
            }

            @Override
            public void close() throws IOException {
                log.close();
            }
        };
    }
}
