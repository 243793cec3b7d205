package io.akasha.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How the write-ahead log opens its files: {@link #DEFAULT} opens them for real; a fault-injection
 * test wraps the channels to record what was forced and to simulate a power cut (the role of
 * LevelDB's and RocksDB's {@code Env}, in small).
 */
@FunctionalInterface
public interface FileIo {

    /** {@link FileChannel#open(Path, OpenOption...)}. */
    FileIo DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
