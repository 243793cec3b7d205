package io.akasha.core.collection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.akasha.storage.DurableLog;

/**
 * Where a collection logs its writes before applying them: a {@link DurableLog} for a durable
 * engine, nothing for an in-memory one. A write whose record could not be appended is not
 * applied; a write is acknowledged (and made visible) after {@link #awaitDurable} returns.
 */
public interface Journal extends AutoCloseable {

    /** Logs nothing and replays nothing: the in-memory engine's journal. */
    Journal NONE = new Journal() {
        @Override
        public long append(byte[] record) {
            return 0;
        }

        @Override
        public void awaitDurable(long ticket) {
        }

        @Override
        public void replay(long fromGeneration, Consumer<ByteBuffer> consumer) {
        }

        @Override
        public long rotate() {
            return 0;
        }

        @Override
        public void truncateBefore(long generation) {
        }

        @Override
        public long bytesSinceRotation() {
            return 0;
        }

        @Override
        public void close() {
        }
    };

    /** Writes a record; returns a ticket for {@link #awaitDurable}. */
    long append(byte[] record) throws IOException;

    /** Returns once the record with {@code ticket} is as durable as the policy promises. */
    void awaitDurable(long ticket) throws IOException;

    /** Passes every record from {@code fromGeneration} on, in order; called once, before the first append. */
    void replay(long fromGeneration, Consumer<ByteBuffer> consumer) throws IOException;

    /** Starts a new generation; returns its number. */
    long rotate() throws IOException;

    /** Drops the generations before {@code generation}, whose records are saved in sealed segments. */
    void truncateBefore(long generation) throws IOException;

    /** Bytes logged since the last rotation. */
    long bytesSinceRotation();

    /** Fsyncs so far, and the nanoseconds spent in those that acknowledged writes (0 in memory). */
    default long fsyncs() {
        return 0;
    }

    default long fsyncNanos() {
        return 0;
    }

    @Override
    void close() throws IOException;

    /** A journal over a write-ahead log. */
    static Journal of(DurableLog log) {
        return new Journal() {
            @Override
            public long append(byte[] record) throws IOException {
                return log.append(record);
            }

            @Override
            public void awaitDurable(long ticket) throws IOException {
                log.awaitDurable(ticket);
            }

            @Override
            public void replay(long fromGeneration, Consumer<ByteBuffer> consumer) throws IOException {
                log.replay(fromGeneration, consumer);
            }

            @Override
            public long rotate() throws IOException {
                return log.rotate();
            }

            @Override
            public void truncateBefore(long generation) throws IOException {
                log.deleteBefore(generation);
            }

            @Override
            public long fsyncs() {
                return log.fsyncs();
            }

            @Override
            public long fsyncNanos() {
                return log.fsyncNanos();
            }

            @Override
            public long bytesSinceRotation() {
                return log.bytesSinceRotation();
            }

            @Override
            public void close() throws IOException {
                log.close();
            }
        };
    }
}
