package io.akasha.bench.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.akasha.bench.ClusteredDatasets;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.vector.Similarity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each baseline's worker, run for real on a small seeded data set, returns the right neighbours:
 * at a large ef every graph finds (nearly) all of them, and a larger ef never finds fewer. This
 * checks the drivers (id order, metric, output layout), not the systems' speed.
 */
class BaselineWorkersTest {

    @ParameterizedTest
    @ValueSource(strings = {"hnswlib", "faiss-hnsw", "lucene", "jvector"})
    void workerFindsTheTrueNeighboursAtLargeEf(String name, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        AnnSystem system = AnnSystem.known().get(name);
        List<String> command;
        try {
            command = system.worker().command();
        } catch (SystemUnavailableException e) {
            assumeTrue(false, name + " cannot run here: " + e.getMessage());
            return;
        }
        for (Similarity similarity : new Similarity[] {Similarity.L2, Similarity.COSINE}) {
            Path folder = dir.resolve(similarity.name());
            try (Dataset data = ClusteredDatasets.generate("tiny", 3000, 24, 50, 8, 10, similarity, 5, 2)) {
                PreparedData prepared = PreparedData.prepare(data, folder.resolve("data"), 42, 10, 2);
                Path output = folder.resolve("out");
                Files.createDirectories(output);
                AnnJob job = new AnnJob(name, prepared.base(), prepared.queries(), prepared.metric(), 10, 2,
                        system.build(), List.of("16", "400"), 1, 0.1, 0.05, output);
                Path jobFile = folder.resolve("job");
                job.write(jobFile);
                Process process = new ProcessBuilder(system.command(jobFile)).redirectErrorStream(true).start();
                String log = new String(process.getInputStream().readAllBytes());
                assertEquals(0, process.waitFor(), name + " worker failed:\n" + log);
                List<CurvePoint> curve = WorkerFiles.readCurve(output, prepared.truth(), 10);
                String where = name + " " + similarity + ": " + curve;
                assertTrue(curve.get(1).recall() >= 0.99, where);
                assertTrue(curve.get(1).recall() >= curve.get(0).recall(), where);
                Map<String, String> build = WorkerFiles.readBuild(output);
                assertTrue(Double.parseDouble(build.get("build_seconds")) > 0, where);
                assertTrue(Long.parseLong(build.get("peak_rss_kb")) > 0, where);
            }
        }
    }
}
