package io.akasha.bench.ann;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Follows a worker's log while it runs and reports each progress line it prints (see
 * {@link AnnJob}): the worker writes to its log, the runner reads the new lines as they come.
 */
final class WorkerProgress {

    static final String PREFIX = "akasha-progress ";
    private static final long POLL_MILLIS = 200;

    private WorkerProgress() {
    }

    /** Waits for {@code process}, passing each progress event in {@code log} to {@code onEvent}; returns the exit code. */
    static int follow(Process process, Path log, Consumer<String> onEvent) throws IOException, InterruptedException {
        long position = 0;
        StringBuilder partial = new StringBuilder();
        boolean alive = true;
        while (alive) {
            alive = !process.waitFor(POLL_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                if (file.length() <= position) {
                    continue;
                }
                byte[] fresh = new byte[(int) (file.length() - position)];
                file.seek(position);
                file.readFully(fresh);
                position += fresh.length;
                partial.append(new String(fresh, StandardCharsets.UTF_8));
            }
            for (int newline; (newline = partial.indexOf("\n")) >= 0; ) {
                String line = partial.substring(0, newline).strip();
                partial.delete(0, newline + 1);
                if (line.startsWith(PREFIX)) {
                    onEvent.accept(line.substring(PREFIX.length()));
                }
            }
        }
        return process.exitValue();
    }
}
