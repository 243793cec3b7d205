package io.akasha.bench;

import java.nio.file.Path;

import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;
import io.akasha.diskann.DiskIndex;
import io.akasha.diskann.MemoryBudget;
import io.akasha.diskann.VamanaParameters;
import io.akasha.storage.MappedFile;

/**
 * The build step of {@link DiskAnnScaleBench}, run in a JVM of its own so that its memory is
 * measured from outside: maps the raw float32 vectors (L2) and builds a DiskANN index of them
 * within a memory budget. Arguments: vectors file, count, dimension, index file, R, L, alpha,
 * PQ bytes, threads, memory budget bytes, scratch directory.
 */
public final class DiskAnnScaleBuild {

    private DiskAnnScaleBuild() {
    }

    public static void main(String[] args) throws Exception {
        Path vectorsFile = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int dim = Integer.parseInt(args[2]);
        Path index = Path.of(args[3]);
        VamanaParameters parameters = new VamanaParameters(Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                Float.parseFloat(args[6]), 42);
        int pqBytes = Integer.parseInt(args[7]);
        int threads = Integer.parseInt(args[8]);
        MemoryBudget budget = new MemoryBudget(Long.parseLong(args[9]), Path.of(args[10]));
        long start = System.nanoTime();
        try (MappedFile file = MappedFile.openReadOnly(vectorsFile)) {
            DiskIndex.build(index, FloatVectors.wrap(file.segment(), dim, count), Similarity.L2, parameters, pqBytes,
                    threads, budget);
        }
        System.out.printf("built in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
}
