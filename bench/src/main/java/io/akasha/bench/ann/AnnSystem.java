package io.akasha.bench.ann;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A system the runner can measure: how to obtain its worker command (which may first build or
 * install the worker, or refuse with the reason), and the build parameters and sweep it runs with.
 *
 * @param name        the name used on the command line and in reports
 * @param description what runs, for reports
 * @param build       build parameters
 * @param sweep       search-parameter sweep (empty: one default point)
 * @param worker      sets the worker up and returns its command line, without the job file
 * @param variant     an extra row (a quantized variant), measured only when named
 */
public record AnnSystem(String name, String description, Map<String, String> build, List<String> sweep,
                        WorkerSetup worker, boolean variant) {

    AnnSystem(String name, String description, Map<String, String> build, List<String> sweep, WorkerSetup worker) {
        this(name, description, build, sweep, worker, false);
    }

    /** Prepares a worker and returns the command that runs it. */
    @FunctionalInterface
    public interface WorkerSetup {
        List<String> command() throws SystemUnavailableException;
    }

    /** The hnswlib-style ef sweep every graph index is measured over. */
    static final List<String> EF_SWEEP = List.of("10", "16", "24", "32", "48", "64", "96", "128", "192", "256",
            "384", "512");

    /** The search-list sweep of the on-disk graph indexes (DiskANN's L, jvector's rerank depth). */
    static final List<String> LIST_SWEEP = List.of("10", "20", "30", "40", "60", "80", "100", "150", "200");

    /** Akasha's DiskANN index as the on-disk comparison runs it: R 64, L 100, saved and opened from disk. */
    private static Map<String, String> diskAnnBuild() {
        return Map.of("index", "diskann", "max_degree", "64", "search_list_size", "100", "sweep", "search_list",
                "reopen", "saved");
    }

    /** The full command for one job. */
    public List<String> command(Path jobFile) throws SystemUnavailableException {
        List<String> command = new ArrayList<>(worker.command());
        command.add(jobFile.toString());
        return command;
    }

    /**
     * A worker in a JVM like this one, with this process's class path; every JVM system gets the
     * same flags. (Tried and dropped: the Parallel collector with a fixed, pre-touched heap neither
     * steadied the JVM baselines' rounds nor kept the memory column meaningful.)
     */
    static List<String> javaWorker(Class<?> mainClass, String... systemProperties) {
        return JvmCommand.of(mainClass, "8g", systemProperties);
    }

    /**
     * The systems a comparison measures when none are named: every known one but the quantized
     * variants, which are extra rows measured when asked for (and which would push a siftsmall
     * comparison past its ten minutes).
     */
    static List<String> comparedByDefault() {
        return known().values().stream().filter(system -> !system.variant()).map(AnnSystem::name).toList();
    }

    /** The systems this build knows, by name, in report order. */
    static Map<String, AnnSystem> known() {
        Map<String, AnnSystem> systems = new LinkedHashMap<>();
        systems.put("akasha-flat", new AnnSystem("akasha-flat", "Akasha exact search (FlatIndex)",
                Map.of("index", "flat"), List.of(), () -> javaWorker(AkashaAnnWorker.class)));
        systems.put("akasha-hnsw", new AnnSystem("akasha-hnsw", "Akasha HNSW (index-hnsw)",
                Map.of("index", "hnsw", "M", "16", "efConstruction", "200"), EF_SWEEP,
                () -> javaWorker(AkashaAnnWorker.class)));
        systems.put("akasha-hnsw-int8", new AnnSystem("akasha-hnsw-int8",
                "Akasha HNSW walking int8 codes, float rerank of the ef best (an extra row, not a headline)",
                Map.of("index", "hnsw", "M", "16", "efConstruction", "200", "quantization", "int8"), EF_SWEEP,
                () -> javaWorker(AkashaAnnWorker.class), true));
        for (String kernels : List.of("panama", "native")) {
            systems.put("akasha-hnsw-" + kernels, new AnnSystem("akasha-hnsw-" + kernels,
                    "Akasha HNSW with every kernel forced to " + kernels + " (akasha.vectorization), for the native A/B",
                    Map.of("index", "hnsw", "M", "16", "efConstruction", "200"), EF_SWEEP,
                    () -> javaWorker(AkashaAnnWorker.class, "akasha.vectorization=" + kernels), true));
        }
        systems.put("hnswlib", new AnnSystem("hnswlib", "hnswlib 0.6 (Debian), C++ -O3 -march=native",
                Map.of("M", "16", "efConstruction", "200"), EF_SWEEP, BaselineSetup::hnswlibWorker));
        systems.put("lucene", new AnnSystem("lucene", "Lucene 10.6 HNSW graph, in memory (1 build thread)",
                Map.of("M", "16", "beamWidth", "100"), EF_SWEEP, () -> javaWorker(LuceneAnnWorker.class)));
        systems.put("jvector", new AnnSystem("jvector", "jvector 4.0.2 graph, in memory",
                Map.of("M", "32", "beamWidth", "100"), EF_SWEEP, () -> javaWorker(JvectorAnnWorker.class)));
        systems.put("faiss-hnsw", new AnnSystem("faiss-hnsw", "FAISS 1.7 IndexHNSWFlat (Debian), Python driver",
                Map.of("index", "hnsw", "M", "16", "efConstruction", "200"), EF_SWEEP, BaselineSetup::faissWorker));
        systems.put("akasha-diskann", new AnnSystem("akasha-diskann",
                "Akasha DiskANN (index-diskann), records read with O_DIRECT (page cache bypassed), no node cache",
                diskAnnBuild(), LIST_SWEEP, () -> javaWorker(AkashaAnnWorker.class, "akasha.diskann.access=direct"),
                true));
        systems.put("akasha-diskann-mapped", new AnnSystem("akasha-diskann-mapped",
                "Akasha DiskANN (index-diskann), records read through the mapping (page cache)",
                diskAnnBuild(), LIST_SWEEP, () -> javaWorker(AkashaAnnWorker.class, "akasha.diskann.access=mapped"),
                true));
        systems.put("jvector-ondisk", new AnnSystem("jvector-ondisk",
                "jvector 4.0.2 on-disk graph (inline vectors, mapped), PQ in memory, rerank",
                Map.of("M", "64", "beamWidth", "100"), LIST_SWEEP, () -> javaWorker(JvectorDiskAnnWorker.class), true));
        systems.put("faiss-flat", new AnnSystem("faiss-flat", "FAISS 1.7 IndexFlat (Debian), Python driver",
                Map.of("index", "flat"), List.of(), BaselineSetup::faissWorker));
        return systems;
    }
}
