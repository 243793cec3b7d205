package io.akasha.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.Hit;
import io.akasha.core.collection.QueryRequest;
import io.akasha.core.collection.SearchRequest;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.IndexSpec;
import io.akasha.core.segment.FilterPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Filtered search through the engine's API with each plan forced, at several selectivities:
 * the measurement behind each index's {@code VectorIndex.bitmapPlanBreakEven()}.
 * Every row gets a seeded random attribute {@code bucket} in 0..999, and the filter
 * {@code bucket < n} passes n per mille of the rows. The bitmap plan is exact; the index plan's
 * recall@k is measured against it (1.0 for the flat index). The table gives single-thread QPS
 * (one query per call, median of the repetitions) per plan.
 */
@Command(name = "filtered", mixinStandardHelpOptions = true,
        description = "Filtered search QPS per plan (bitmap vs index) across selectivities, through the collection API.")
final class FilteredSearchBench implements Callable<Integer> {

    @Mixin
    DatasetOptions source;

    @Option(names = "--selectivities", split = ",", defaultValue = "0.01,0.05,0.1,0.2,0.3,0.4,0.5,0.75,1.0",
            description = "fractions of rows that pass the filter (default: ${DEFAULT-VALUE})")
    List<Double> selectivities;

    @Option(names = "--queries", defaultValue = "200", description = "queries per measurement")
    int queries;

    @Option(names = "--repetitions", defaultValue = "5", description = "repetitions; the median is reported")
    int repetitions;

    @Option(names = "-k", defaultValue = "10", description = "neighbours per query")
    int k;

    @Option(names = "--segment-rows", defaultValue = "262144", description = "rows per segment")
    int segmentRows;

    @Option(names = "--index", defaultValue = "AUTOINDEX",
            description = "index type of the vector field (default: ${DEFAULT-VALUE}, the best on the class path)")
    String index;

    @Option(names = "--ef", description = "the graph index's ef for the index plan (default: the index's own)")
    Integer ef;

    @Override
    public Integer call() throws Exception {
        try (Dataset data = source.load(queries);
             Akasha akasha = Akasha.inMemory(AkashaOptions.defaults().withSegmentRows(segmentRows))) {
            Collection collection = load(akasha, data);
            List<float[]> q = new ArrayList<>();
            for (int i = 0; i < Math.min(queries, data.queries().count()); i++) {
                q.add(data.queries().get(i));
            }
            System.out.printf("%s: %d rows x %d (%s), %d queries, k=%d, %d sealed segment(s)%n", source.dataset,
                    data.base().count(), data.dim(), data.similarity(), q.size(), k,
                    collection.stats().sealedSegments());
            System.out.println();
            System.out.println("| passing | rows | bitmap plan QPS | index plan QPS | index plan recall@" + k
                    + " | bitmap / index |");
            System.out.println("|---|---|---|---|---|---|");
            for (double selectivity : selectivities) {
                String filter = "bucket < " + Math.round(selectivity * 1000);
                long passing = (Long) collection.query(QueryRequest.builder().filter(filter)
                        .outputFields(QueryRequest.COUNT).build()).getFirst().get(QueryRequest.COUNT);
                double recall = recall(collection, q, filter);
                double bitmap = measure(collection, q, filter, FilterPlan.BITMAP);
                double indexed = measure(collection, q, filter, FilterPlan.INDEX);
                System.out.printf("| %.0f%% | %,d | %,.0f | %,.0f | %.4f | %.2f |%n", selectivity * 100, passing, bitmap,
                        indexed, recall, bitmap / indexed);
            }
        }
        return 0;
    }

    private Collection load(Akasha akasha, Dataset data) {
        Collection collection = akasha.createCollection(source(data), CollectionSchema.builder()
                .field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("v", data.dim(), data.similarity()).withIndex(IndexSpec.of(index, Map.of())))
                .field(Field.int32("bucket"))
                .build());
        Random random = new Random(42);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < data.base().count(); i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", (long) i);
            row.put("v", data.base().get(i));
            row.put("bucket", random.nextInt(1000));
            batch.add(row);
            if (batch.size() == 10_000 || i == data.base().count() - 1) {
                collection.insert(batch);
                batch = new ArrayList<>();
            }
        }
        collection.flush();
        return collection;
    }

    private static String source(Dataset data) {
        return data.name().replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** The index plan's recall@k against the bitmap plan, which is exact, over every query. */
    private double recall(Collection collection, List<float[]> q, String filter) {
        double sum = 0;
        for (float[] query : q) {
            List<Object> exact = ids(search(collection, query, filter, FilterPlan.BITMAP));
            Set<Object> found = new HashSet<>(ids(search(collection, query, filter, FilterPlan.INDEX)));
            sum += exact.isEmpty() ? 1 : exact.stream().filter(found::contains).count() / (double) exact.size();
        }
        return sum / q.size();
    }

    /** Median single-thread QPS of {@code plan}. */
    private double measure(Collection collection, List<float[]> q, String filter, FilterPlan plan) {
        double[] qps = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            long start = System.nanoTime();
            for (float[] query : q) {
                search(collection, query, filter, plan);
            }
            qps[r] = q.size() / ((System.nanoTime() - start) / 1e9);
        }
        return Stats.median(qps);
    }

    private List<Hit> search(Collection collection, float[] query, String filter, FilterPlan plan) {
        SearchRequest.Builder request = SearchRequest.builder().vector(query).limit(k).filter(filter)
                .parameter(FilterPlan.PARAMETER, plan.name());
        if (ef != null && plan == FilterPlan.INDEX) {
            request.parameter("ef", ef);
        }
        return collection.search(request.build()).getFirst();
    }

    private static List<Object> ids(List<Hit> hits) {
        return hits.stream().map(Hit::id).toList();
    }
}
