package io.akasha.bench.ann;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Worker for Lucene's HNSW graph, used in memory through its public {@code util.hnsw} API (no
 * index files): {@code build.M} (Lucene's M, counted like hnswlib's: 2M links on level 0) and
 * {@code build.beamWidth}. A sweep point is the candidate-list size ("fanout"); the best k of
 * the candidates are returned. Lucene's builder is single-threaded.
 */
public final class LuceneAnnWorker {

    private LuceneAnnWorker() {
    }

    public static void main(String[] args) throws IOException {
        AnnJob job = AnnJob.read(Path.of(args[0]));
        JvmWorkerData data = JvmWorkerData.load(job);
        VectorSimilarityFunction similarity = job.metric().equals("l2") ? VectorSimilarityFunction.EUCLIDEAN
                : VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
        FloatVectorValues values = FloatVectorValues.fromFloats(Arrays.asList(data.base()), data.dim());
        RandomVectorScorerSupplier scorers =
                DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(similarity, values);
        long start = System.nanoTime();
        OnHeapHnswGraph graph = HnswGraphBuilder.create(scorers, JvmWorkerData.intParameter(job, "M", 16),
                JvmWorkerData.intParameter(job, "beamWidth", 100), 42).build(data.base().length);
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        long vectorBytes = (long) data.base().length * data.dim() * Float.BYTES;
        JvmWorkerData.writeBuildReport(job, buildSeconds, graph.ramBytesUsed() + vectorBytes);

        int[] fanout = {job.k()};
        SearchMeasurement.run(job, data.queries(), point -> fanout[0] = Math.max(job.k(), Integer.parseInt(point)),
                (query, k) -> {
                    try {
                        KnnCollector found = HnswGraphSearcher.search(
                                DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(similarity, values, query),
                                fanout[0], graph, null, Integer.MAX_VALUE);
                        ScoreDoc[] best = found.topDocs().scoreDocs;
                        int[] ids = new int[Math.min(k, best.length)];
                        for (int i = 0; i < ids.length; i++) {
                            ids[i] = best[i].doc;
                        }
                        return ids;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }
}
