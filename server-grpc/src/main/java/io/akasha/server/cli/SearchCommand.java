package io.akasha.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.akasha.core.dataset.DataDirectory;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.dataset.DatasetLoader;
import io.akasha.core.search.Recall;
import io.akasha.server.PackedVectors;
import io.akasha.server.v1.DataGrpc;
import io.akasha.server.v1.SearchRequest;
import io.akasha.server.v1.SearchResponse;
import io.akasha.server.v1.SearchResult;
import io.grpc.ManagedChannel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code akasha search}: top-k search on a running server, with one vector given on the command
 * line, or with a data set's query vectors (then recall against its ground truth is printed).
 */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Search a collection on a running server.")
public final class SearchCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Option(names = "--collection", required = true, description = "collection to search")
    String collection;

    @ArgGroup(multiplicity = "1")
    Query query;

    /** Where the query vectors come from. */
    static final class Query {
        @Option(names = "--vector", description = "one query vector, comma-separated: 0.1,0.2,...")
        String vector;

        @Option(names = "--dataset", description = "use this data set's query vectors and ground truth")
        String dataset;
    }

    @Option(names = "--queries", defaultValue = "5", description = "data-set queries to run; default: ${DEFAULT-VALUE}")
    int queries;

    @Option(names = {"-k", "--limit"}, defaultValue = "10", description = "results per query; default: ${DEFAULT-VALUE}")
    int k;

    @Option(names = "--filter", description = "filter expression, for example 'id < 1000'")
    String filter;

    @Option(names = "--ef", description = "HNSW search list size")
    Integer ef;

    @Override
    public Integer call() throws Exception {
        List<float[]> vectors = new ArrayList<>();
        int[][] truth = null;
        if (query.vector != null) {
            vectors.add(parse(query.vector));
        } else {
            try (Dataset data = DatasetLoader.load(DataDirectory.resolve(), query.dataset)) {
                for (int q = 0; q < Math.min(queries, data.queries().count()); q++) {
                    vectors.add(data.queries().get(q));
                }
                truth = data.groundTruth();
            }
        }
        ManagedChannel channel = connection.open();
        try {
            SearchRequest.Builder request = SearchRequest.newBuilder().setCollection(collection)
                    .setVectors(PackedVectors.pack(vectors, vectors.getFirst().length)).setLimit(k);
            if (filter != null) {
                request.setFilter(filter);
            }
            if (ef != null) {
                request.putParams("ef", Integer.toString(ef));
            }
            long start = System.nanoTime();
            SearchResponse response = DataGrpc.newBlockingStub(channel).search(request.build());
            double millis = (System.nanoTime() - start) / 1e6;
            int[][] found = new int[response.getResultsCount()][];
            for (int q = 0; q < response.getResultsCount(); q++) {
                SearchResult result = response.getResults(q);
                StringBuilder line = new StringBuilder("query " + q + ":");
                List<Long> ids = result.getIds().getInt64Ids().getValuesList();
                for (int i = 0; i < result.getScoresCount(); i++) {
                    line.append(String.format(" %s (%.4g)", ids.isEmpty()
                            ? result.getIds().getStringIds().getValues(i) : ids.get(i), result.getScores(i)));
                }
                System.out.println(line);
                found[q] = ids.stream().mapToInt(Long::intValue).toArray();
            }
            System.out.printf("%d quer%s in %.1f ms%s%n", vectors.size(), vectors.size() == 1 ? "y" : "ies", millis,
                    truth == null ? "" : String.format("; recall@%d %.4f against the data set's ground truth", k,
                            Recall.atK(found, truth, k)));
        } finally {
            Connection.close(channel);
        }
        return 0;
    }

    private static float[] parse(String text) {
        String[] parts = text.split(",");
        float[] vector = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            vector[i] = Float.parseFloat(parts[i].strip());
        }
        return vector;
    }
}
