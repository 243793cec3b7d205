package io.akasha.bench.ann;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;

import io.github.jbellis.jvector.disk.ReaderSupplier;
import io.github.jbellis.jvector.disk.ReaderSupplierFactory;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndex;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.quantization.PQVectors;
import io.github.jbellis.jvector.quantization.ProductQuantization;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.types.VectorFloat;

/**
 * Worker for jvector's on-disk graph, the counterpart of Akasha's DiskANN index: the graph
 * ({@code build.M} its maximum degree, {@code build.beamWidth}, alpha 1.2, jvector's default
 * hierarchy) written with the full vectors inline by {@link OnDiskGraphIndex#write}, loaded back
 * through jvector's own reader (a memory mapping: jvector has no reader that bypasses the page
 * cache), and searched with product-quantized vectors in memory ({@code build.pqBytes}
 * subspaces of 256 centroids, centred for L2) then reranked with the inline vectors. A sweep
 * point is the rerank depth, jvector's counterpart of the search list. The index bytes reported
 * are the PQ codes and the loaded graph's own memory.
 */
public final class JvectorDiskAnnWorker {

    private JvectorDiskAnnWorker() {
    }

    public static void main(String[] args) throws IOException {
        AnnJob job = AnnJob.read(Path.of(args[0]));
        JvmWorkerData data = JvmWorkerData.load(job);
        var values = JvectorInputs.values(data);
        VectorSimilarityFunction similarity = JvectorInputs.similarity(job);
        Files.createDirectories(job.output());
        Path file = job.output().resolve("index.jvector");
        long start = System.nanoTime();
        PQVectors codes;
        try (ForkJoinPool pool = new ForkJoinPool(job.threads());
             GraphIndexBuilder builder = new GraphIndexBuilder(
                     BuildScoreProvider.randomAccessScoreProvider(values, similarity), data.dim(),
                     JvmWorkerData.intParameter(job, "M", 64), JvmWorkerData.intParameter(job, "beamWidth", 100),
                     1.2f, 1.2f, true, true, pool, pool)) {
            ImmutableGraphIndex graph = builder.build(values);
            OnDiskGraphIndex.write(graph, values, file);
            int subspaces = JvmWorkerData.intParameter(job, "pqBytes", Math.max(1, data.dim() / 4));
            ProductQuantization pq = ProductQuantization.compute(values, subspaces, 256,
                    similarity == VectorSimilarityFunction.EUCLIDEAN);
            codes = PQVectors.encodeAndBuild(pq, values.size(), values, pool);
        }
        try (ReaderSupplier readers = ReaderSupplierFactory.open(file);
             OnDiskGraphIndex index = OnDiskGraphIndex.load(readers)) {
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            JvmWorkerData.writeBuildReport(job, buildSeconds, codes.ramBytesUsed() + index.ramBytesUsed());
            int[] rerank = {job.k()};
            ThreadLocal<GraphSearcher> searchers = ThreadLocal.withInitial(() -> new GraphSearcher(index));
            SearchMeasurement.run(job, data.queries(), point -> rerank[0] = Math.max(job.k(), Integer.parseInt(point)),
                    (query, k) -> {
                        GraphSearcher searcher = searchers.get();
                        VectorFloat<?> q = JvectorInputs.TYPES.createFloatVector(query);
                        var scores = new DefaultSearchScoreProvider(codes.precomputedScoreFunctionFor(q, similarity),
                                ((OnDiskGraphIndex.View) searcher.getView()).rerankerFor(q, similarity));
                        SearchResult result = searcher.search(scores, k, rerank[0], 0f, 0f, Bits.ALL);
                        return JvectorInputs.ids(result);
                    });
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
