package io.akasha.bench.ann;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of the current process from {@code /proc/self/status}: {@code VmRSS} (now) and
 * {@code VmHWM} (peak). Every worker, in any language, reads the same two lines, so memory is
 * measured the same way for every system. Zero where {@code /proc} does not exist.
 */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Current resident set, KiB. */
    public static long residentKiB() {
        return field("VmRSS:");
    }

    /** Peak resident set since the process started, KiB. */
    public static long peakResidentKiB() {
        return field("VmHWM:");
    }

    private static long field(String name) {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").trim());
                }
            }
            return 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + status, e);
        }
    }
}
