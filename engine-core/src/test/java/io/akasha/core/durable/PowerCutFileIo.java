package io.akasha.core.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.akasha.storage.FileIo;

/**
 * A file layer for power-cut simulation: it remembers how much of each file was forced
 * ({@code fsync}); {@link #cut()} makes every later write and force fail, as a dead device
 * would; {@link #discardUnforcedBytes()} then truncates each file to what was forced, throwing
 * away every byte not yet on the device. Models the write-ahead log's files, which are only
 * appended to (and truncated back, which is then forced).
 */
final class PowerCutFileIo implements FileIo {

    private final Map<Path, Long> forced = new ConcurrentHashMap<>();
    private volatile boolean off;

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        if (off) {
            throw new IOException("power cut: cannot open " + path);
        }
        FileChannel channel = FileChannel.open(path, options);
        forced.putIfAbsent(path, Files.exists(path) ? channel.size() : 0L);
        return new Tracked(path, channel);
    }

    void cut() {
        off = true;
    }

    boolean isOff() {
        return off;
    }

    /** Bytes of {@code path} known to be on the device. */
    long forcedSize(Path path) {
        return forced.getOrDefault(path, 0L);
    }

    /** Truncates every file to its forced size: the disk as a power cut leaves it. */
    void discardUnforcedBytes() throws IOException {
        for (Map.Entry<Path, Long> file : forced.entrySet()) {
            if (Files.exists(file.getKey())) {
                try (FileChannel channel = FileChannel.open(file.getKey(), java.nio.file.StandardOpenOption.WRITE)) {
                    channel.truncate(file.getValue());
                }
            }
        }
    }

    private final class Tracked extends FileChannel {
        private final Path path;
        private final FileChannel delegate;

        Tracked(Path path, FileChannel delegate) {
            this.path = path;
            this.delegate = delegate;
        }

        private void checkPower() throws IOException {
            if (off) {
                throw new IOException("power cut: " + path + " is gone");
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            checkPower();
            return delegate.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            checkPower();
            return delegate.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            checkPower();
            delegate.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            checkPower();
            long size = delegate.size();
            delegate.force(metaData);
            forced.put(path, size);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            checkPower();
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            checkPower();
            return delegate.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new UnsupportedOperationException("the log does not map its files");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
