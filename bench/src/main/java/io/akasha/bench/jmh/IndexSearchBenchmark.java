package io.akasha.bench.jmh;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.akasha.core.dataset.DataDirectory;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.dataset.DatasetLoader;
import io.akasha.core.index.SearchOptions;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.hnsw.HnswIndex;
import io.akasha.hnsw.HnswParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One search on a built HNSW index (M=16, efConstruction=200), the queries of a real data set
 * taken in turn: the average latency of a single top-10 search at a given {@code ef}. The data
 * set comes from the data directory ({@code -Dakasha.data.dir}, default {@code ../shared/data}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class IndexSearchBenchmark {

    @Param({"siftsmall"})
    public String dataset;

    @Param({"16", "64"})
    public int ef;

    private Dataset data;
    private HnswIndex index;
    private float[][] queries;
    private SearchOptions options;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        data = DatasetLoader.load(DataDirectory.resolve(), dataset);
        index = HnswIndex.build(data.base(), false, data.similarity(), HnswParameters.defaults(),
                Runtime.getRuntime().availableProcessors());
        queries = new float[data.queries().count()][];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = data.queries().get(i);
        }
        options = new SearchOptions(RowFilter.ALL, ScoreWindow.ALL, Map.of(HnswParameters.EF, ef));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        index.close();
        data.close();
    }

    @Benchmark
    public int[] search() {
        float[] query = queries[next];
        next = next + 1 == queries.length ? 0 : next + 1;
        return index.search(query, 10, options).ids();
    }
}
