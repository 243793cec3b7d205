package io.akasha.storage;

import java.io.IOException;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Chooses, once per JVM, how batches of direct reads are submitted: Linux AIO ({@link AsyncReads})
 * or a {@link BatchReadsProvider} such as the native module's io_uring. The default is AIO:
 * io_uring measured level with it on this machine's disk, not faster (bench/RESULTS.md "io_uring
 * against AIO"), and it would only become the default by winning; the
 * system property {@value #PROPERTY} ({@code aio} or a provider's name) forces one, and forcing
 * one that cannot run here is an error, not a silent fallback.
 */
public final class DirectBatchReads {

    /** Selects the implementation: {@code auto}, {@code aio} or a provider's name ({@code io_uring}). */
    public static final String PROPERTY = "akasha.direct.reads";
    private static final String AIO = "aio";
    private static final String DEFAULT = AIO;

    private static final class Holder {
        static final DirectBatchReads CHOSEN = choose();
    }

    private final String name;
    private final BatchReadsProvider provider;
    private final String unavailable;

    private DirectBatchReads(String name, BatchReadsProvider provider, String unavailable) {
        this.name = name;
        this.provider = provider;
        this.unavailable = unavailable;
    }

    /** The choice of this JVM. */
    public static DirectBatchReads get() {
        return Holder.CHOSEN;
    }

    /** The implementation's name ({@code aio}, {@code io_uring}), for reports. */
    public String name() {
        return name;
    }

    /** Why batched reads are unavailable here (the caller then reads one by one), or null. */
    public String unavailableReason() {
        return unavailable;
    }

    /** Batches of up to {@code capacity} reads of {@code file}. */
    public BatchReads open(DirectFile file, int capacity) throws IOException {
        if (unavailable != null) {
            throw new UnsupportedOperationException("batched direct reads are unavailable: " + unavailable);
        }
        return provider != null ? provider.open(file, capacity) : new AsyncReads(file, capacity);
    }

    private static DirectBatchReads choose() {
        String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        String choice = wanted.equals("auto") ? DEFAULT : wanted;
        if (choice.equals(AIO)) {
            return new DirectBatchReads(AIO, null, AsyncReads.unavailableReason());
        }
        for (BatchReadsProvider provider : ServiceLoader.load(BatchReadsProvider.class)) {
            if (provider.name().equals(choice)) {
                String unavailable = provider.unavailableReason();
                if (unavailable != null) {
                    throw new IllegalStateException(PROPERTY + "=" + choice + " cannot run here: " + unavailable);
                }
                return new DirectBatchReads(choice, provider, null);
            }
        }
        throw new IllegalArgumentException(PROPERTY + "=" + wanted + " is not a way to read: use auto, aio, or a "
                + "provider's name (io_uring, with the akasha-native module on the class path)");
    }
}
