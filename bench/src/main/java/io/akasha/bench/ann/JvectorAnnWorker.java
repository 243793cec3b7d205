package io.akasha.bench.ann;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;

/**
 * Worker for jvector's in-memory graph: {@code build.M} is jvector's maximum degree (32 matches
 * hnswlib's M=16 on level 0), {@code build.beamWidth}, with hierarchy, overflow 1.2 and alpha 1.2
 * (jvector's defaults). A sweep point is the rerank depth: the candidates kept before the best k
 * are returned. Built on the job's thread count.
 */
public final class JvectorAnnWorker {

    private JvectorAnnWorker() {
    }

    public static void main(String[] args) throws IOException {
        AnnJob job = AnnJob.read(Path.of(args[0]));
        JvmWorkerData data = JvmWorkerData.load(job);
        var values = JvectorInputs.values(data);
        VectorSimilarityFunction similarity = JvectorInputs.similarity(job);
        ImmutableGraphIndex graph;
        long start = System.nanoTime();
        try (ForkJoinPool pool = new ForkJoinPool(job.threads());
             GraphIndexBuilder builder = new GraphIndexBuilder(
                     BuildScoreProvider.randomAccessScoreProvider(values, similarity), data.dim(),
                     JvmWorkerData.intParameter(job, "M", 32), JvmWorkerData.intParameter(job, "beamWidth", 100),
                     1.2f, 1.2f, true, true, pool, pool)) {
            graph = builder.build(values);
        }
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        long vectorBytes = (long) data.base().length * data.dim() * Float.BYTES;
        JvmWorkerData.writeBuildReport(job, buildSeconds, graph.ramBytesUsed() + vectorBytes);

        int[] rerank = {job.k()};
        ThreadLocal<GraphSearcher> searchers = ThreadLocal.withInitial(() -> new GraphSearcher(graph));
        SearchMeasurement.run(job, data.queries(), point -> rerank[0] = Math.max(job.k(), Integer.parseInt(point)),
                (query, k) -> {
                    SearchResult result = searchers.get().search(
                            DefaultSearchScoreProvider.exact(JvectorInputs.TYPES.createFloatVector(query), similarity, values), k,
                            rerank[0], 0f, 0f, Bits.ALL);
                    return JvectorInputs.ids(result);
                });
    }
}
