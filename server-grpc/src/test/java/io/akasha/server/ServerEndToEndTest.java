package io.akasha.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.server.v1.CollectionName;
import io.akasha.server.v1.CollectionSchema;
import io.akasha.server.v1.CollectionsGrpc;
import io.akasha.server.v1.Column;
import io.akasha.server.v1.CreateCollectionRequest;
import io.akasha.server.v1.CreateIndexRequest;
import io.akasha.server.v1.DataGrpc;
import io.akasha.server.v1.DataType;
import io.akasha.server.v1.DeleteRequest;
import io.akasha.server.v1.FieldSchema;
import io.akasha.server.v1.GetRequest;
import io.akasha.server.v1.Ids;
import io.akasha.server.v1.IndexDescription;
import io.akasha.server.v1.IndexName;
import io.akasha.server.v1.Int64Values;
import io.akasha.server.v1.ListCollectionsRequest;
import io.akasha.server.v1.Metric;
import io.akasha.server.v1.PartitionName;
import io.akasha.server.v1.QueryRequest;
import io.akasha.server.v1.Rows;
import io.akasha.server.v1.SearchRequest;
import io.akasha.server.v1.SearchResponse;
import io.akasha.server.v1.StringValues;
import io.akasha.server.v1.WriteRequest;
import io.akasha.server.v1.WriteResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;

/**
 * The real server on a loopback port, a data directory on disk, and the generated client: every
 * RPC, the error statuses, health, reflection, and a restart that keeps the data.
 */
class ServerEndToEndTest {

    @TempDir
    Path dir;

    private Akasha engine;
    private AkashaServer server;
    private ManagedChannel channel;
    private CollectionsGrpc.CollectionsBlockingStub collections;
    private DataGrpc.DataBlockingStub data;

    private void start(ServerConfig config) throws Exception {
        engine = Akasha.open(dir.resolve("data"));
        server = AkashaServer.start(engine, config.withPort(0).withMetricsPort(0));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        collections = CollectionsGrpc.newBlockingStub(channel);
        data = DataGrpc.newBlockingStub(channel);
    }

    private void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
        engine.close();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (channel != null && !channel.isShutdown()) {
            stop();
        }
    }

    static CollectionSchema schema() {
        return CollectionSchema.newBuilder()
                .addFields(FieldSchema.newBuilder().setName("id").setType(DataType.INT64).setPrimaryKey(true))
                .addFields(FieldSchema.newBuilder().setName("v").setType(DataType.FLOAT_VECTOR).setDimension(4)
                        .setMetric(Metric.L2))
                .addFields(FieldSchema.newBuilder().setName("title").setType(DataType.VARCHAR).setMaxLength(40))
                .addFields(FieldSchema.newBuilder().setName("year").setType(DataType.INT32).setNullable(true))
                .addFields(FieldSchema.newBuilder().setName("meta").setType(DataType.JSON).setNullable(true))
                .build();
    }

    /** Rows id = first..first+count-1, vector (id, 0, 0, 0), title "t<id>", year 1900+id (null for odd ids). */
    static Rows rows(long first, int count) {
        List<float[]> vectors = new ArrayList<>();
        Column.Builder ids = Column.newBuilder().setField("id");
        Int64Values.Builder idValues = Int64Values.newBuilder();
        StringValues.Builder titles = StringValues.newBuilder();
        Int64Values.Builder years = Int64Values.newBuilder();
        Column.Builder year = Column.newBuilder().setField("year");
        for (long id = first; id < first + count; id++) {
            idValues.addValues(id);
            vectors.add(new float[] {id, 0, 0, 0});
            titles.addValues("t" + id);
            years.addValues(1900 + id);
            year.addNulls(id % 2 == 1);
        }
        return Rows.newBuilder().setCount(count)
                .addColumns(ids.setInt64Values(idValues))
                .addColumns(Column.newBuilder().setField("v").setFloatVectors(PackedVectors.pack(vectors, 4)))
                .addColumns(Column.newBuilder().setField("title").setStringValues(titles))
                .addColumns(year.setInt64Values(years))
                .build();
    }

    private static Ids ids(long... values) {
        Int64Values.Builder builder = Int64Values.newBuilder();
        for (long value : values) {
            builder.addValues(value);
        }
        return Ids.newBuilder().setInt64Ids(builder).build();
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    private static StatusRuntimeException failure(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run);
    }

    @Test
    void everyRpcWorksAndTheDataSurvivesARestart() throws Exception {
        start(ServerConfig.defaults());
        collections.createCollection(CreateCollectionRequest.newBuilder().setCollection("books").setSchema(schema()).build());
        assertEquals(List.of("books"), collections.listCollections(ListCollectionsRequest.getDefaultInstance())
                .getCollectionsList());
        assertEquals(5, collections.describeCollection(CollectionName.newBuilder().setCollection("books").build())
                .getSchema().getFieldsCount());

        WriteResponse inserted = data.insert(WriteRequest.newBuilder().setCollection("books").setRows(rows(0, 100)).build());
        assertEquals(100, inserted.getCount());
        assertEquals(99L, inserted.getIds().getInt64Ids().getValues(99));

        Rows got = data.get(GetRequest.newBuilder().setCollection("books").setIds(ids(3, 4, 1000))
                .addOutputFields("title").addOutputFields("year").build()).getRows();
        assertEquals(2, got.getCount());
        Column titles = got.getColumnsList().stream().filter(c -> c.getField().equals("title")).findFirst().orElseThrow();
        assertEquals(List.of("t3", "t4"), titles.getStringValues().getValuesList());
        Column years = got.getColumnsList().stream().filter(c -> c.getField().equals("year")).findFirst().orElseThrow();
        assertEquals(List.of(true, false), years.getNullsList(), "row 3 has no year");
        assertEquals(1904L, years.getInt64Values().getValues(1));

        Rows counted = data.query(QueryRequest.newBuilder().setCollection("books").setFilter("id < 10 and year > 0")
                .addOutputFields("count(*)").build()).getRows();
        assertEquals(5L, counted.getColumns(0).getInt64Values().getValues(0));

        SearchResponse found = data.search(SearchRequest.newBuilder().setCollection("books")
                .setVectors(PackedVectors.pack(List.of(new float[] {10.2f, 0, 0, 0}, new float[] {50, 0, 0, 0}), 4))
                .setLimit(3).setFilter("id != 10").addOutputFields("title").putParams("ef", "64").build());
        assertEquals(2, found.getResultsCount());
        assertEquals(List.of(11L, 9L, 12L), found.getResults(0).getIds().getInt64Ids().getValuesList());
        assertEquals(0.64f, found.getResults(0).getScores(0), 1e-4);
        assertEquals("t11", found.getResults(0).getFields().getColumns(0).getStringValues().getValues(0));
        assertEquals(50L, found.getResults(1).getIds().getInt64Ids().getValues(0));

        data.upsert(WriteRequest.newBuilder().setCollection("books").setRows(rows(5, 1)).build());
        assertEquals(2, data.delete(DeleteRequest.newBuilder().setCollection("books").setIds(ids(1, 2, 5000)).build())
                .getDeleted());
        assertEquals(10, data.delete(DeleteRequest.newBuilder().setCollection("books").setFilter("id >= 90").build())
                .getDeleted());
        collections.createPartition(PartitionName.newBuilder().setCollection("books").setPartition("archive").build());
        data.insert(WriteRequest.newBuilder().setCollection("books").setPartition("archive").setRows(rows(500, 3)).build());
        collections.flush(CollectionName.newBuilder().setCollection("books").build());
        io.akasha.server.v1.CollectionStats flushed = collections.getCollectionStats(
                CollectionName.newBuilder().setCollection("books").build());
        assertEquals(91, flushed.getRows());
        assertEquals(flushed.getSegmentRows(), flushed.getIndexedRows(), "after a flush every stored row is indexed");

        // Bulk: three batches on one stream.
        CompletableFuture<WriteResponse> bulk = new CompletableFuture<>();
        StreamObserver<WriteRequest> stream = DataGrpc.newStub(channel).bulkInsert(responseTo(bulk));
        for (int b = 0; b < 3; b++) {
            stream.onNext(WriteRequest.newBuilder().setCollection("books").setRows(rows(1000 + 100L * b, 100)).build());
        }
        stream.onCompleted();
        assertEquals(300, bulk.get(30, TimeUnit.SECONDS).getCount());

        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("akasha_grpc_calls_total{code=\"OK\",method=\"Insert\"} 2"), metrics);
        assertTrue(metrics.contains("akasha_collection_rows{collection=\"books\"} 391"), metrics);
        assertTrue(metrics.contains("akasha_grpc_call_duration_seconds_bucket{method=\"Search\""), metrics);
        assertTrue(metrics.contains("akasha_wal_fsyncs{collection=\"books\"}"), metrics);

        assertEquals(HealthCheckResponse.ServingStatus.SERVING,
                HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertTrue(reflectedServices().containsAll(List.of("akasha.v1.Collections", "akasha.v1.Data",
                "grpc.health.v1.Health")), reflectedServices().toString());

        stop();
        start(ServerConfig.defaults());
        assertEquals(391, collections.getCollectionStats(CollectionName.newBuilder().setCollection("books").build()).getRows());
        assertEquals(List.of(502L, 1299L), data.get(GetRequest.newBuilder().setCollection("books").setIds(ids(502, 1299))
                .build()).getRows().getColumnsList().stream().filter(c -> c.getField().equals("id")).findFirst()
                .orElseThrow().getInt64Values().getValuesList());
        collections.createScalarIndex(io.akasha.server.v1.ScalarIndexRequest.newBuilder().setCollection("books")
                .setField("year").build());
        assertEquals(List.of("year"), collections.describeCollection(CollectionName.newBuilder().setCollection("books")
                .build()).getScalarIndexedFieldsList());
        IndexName vectorIndex = IndexName.newBuilder().setCollection("books").setField("v").build();
        IndexDescription auto = collections.describeIndex(vectorIndex);
        assertEquals("AUTOINDEX", auto.getIndex().getType());
        assertEquals("hnsw", auto.getResolvedType());
        assertTrue(auto.getFinished(), auto.toString());
        IndexDescription flat = collections.createIndex(CreateIndexRequest.newBuilder().setCollection("books")
                .setField("v").setIndex(io.akasha.server.v1.IndexSpec.newBuilder().setType("flat")).build());
        assertEquals("flat", flat.getResolvedType());
        collections.flush(CollectionName.newBuilder().setCollection("books").build());
        IndexDescription rebuilt = collections.describeIndex(vectorIndex);
        assertTrue(rebuilt.getFinished() && rebuilt.getPendingRows() == 0 && rebuilt.getIndexedRows() > 0,
                rebuilt.toString());
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> nearest(12.1f, "ef")), "the flat index takes no ef");
        assertEquals(12L, nearest(12.1f, null));
        IndexDescription graph = collections.createIndex(CreateIndexRequest.newBuilder().setCollection("books")
                .setField("v").setIndex(io.akasha.server.v1.IndexSpec.newBuilder().setType("hnsw").putParams("M", "8"))
                .build());
        assertEquals(Map.of("M", "8"), graph.getIndex().getParamsMap());
        collections.flush(CollectionName.newBuilder().setCollection("books").build());
        assertEquals(12L, nearest(12.1f, "ef"));
        assertEquals("flat", collections.dropIndex(vectorIndex).getResolvedType());
        assertEquals("FLAT", collections.describeCollection(CollectionName.newBuilder().setCollection("books").build())
                .getSchema().getFields(1).getIndex().getType().toUpperCase(java.util.Locale.ROOT));
        collections.dropPartition(PartitionName.newBuilder().setCollection("books").setPartition("archive").build());
        assertEquals(388, collections.getCollectionStats(CollectionName.newBuilder().setCollection("books").build())
                .getRows(), "the archive partition's three rows went with it");
        assertEquals(0, data.get(GetRequest.newBuilder().setCollection("books").setIds(ids(502)).build()).getRows()
                .getCount());
        collections.dropCollection(CollectionName.newBuilder().setCollection("books").build());
        assertEquals(0, collections.listCollections(ListCollectionsRequest.getDefaultInstance()).getCollectionsCount());
    }

    @Test
    void failuresHaveTheirStatusAndChangeNothing() throws Exception {
        start(new ServerConfig("data", "127.0.0.1", 0, 1024, 1, -1, null, List.of()));
        collections.createCollection(CreateCollectionRequest.newBuilder().setCollection("books").setSchema(schema()).build());
        data.insert(WriteRequest.newBuilder().setCollection("books").setRows(rows(0, 10)).build());

        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> collections.createCollection(
                CreateCollectionRequest.newBuilder().setCollection("books").setSchema(schema()).build())));
        assertEquals(Status.Code.NOT_FOUND, code(() -> data.get(GetRequest.newBuilder().setCollection("nope")
                .setIds(ids(1)).build())));
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> data.insert(WriteRequest.newBuilder().setCollection("books")
                .setRows(rows(5, 10)).build())));

        Rows wrongDimension = rows(100, 2).toBuilder().setColumns(1, Column.newBuilder().setField("v")
                .setFloatVectors(PackedVectors.pack(List.of(new float[3], new float[3]), 3))).build();
        StatusRuntimeException dimension = failure(() -> data.insert(WriteRequest.newBuilder().setCollection("books")
                .setRows(wrongDimension).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, dimension.getStatus().getCode());
        assertTrue(dimension.getStatus().getDescription().contains("'v'"), dimension.getStatus().getDescription());

        StatusRuntimeException filter = failure(() -> data.query(QueryRequest.newBuilder().setCollection("books")
                .setFilter("year >").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, filter.getStatus().getCode());

        Rows short_ = rows(200, 3).toBuilder().setCount(4).build();
        StatusRuntimeException count = failure(() -> data.insert(WriteRequest.newBuilder().setCollection("books")
                .setRows(short_).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, count.getStatus().getCode());
        assertTrue(count.getStatus().getDescription().contains("rows.count"), count.getStatus().getDescription());

        Rows wrongKind = rows(300, 1).toBuilder().setColumns(2, Column.newBuilder().setField("title")
                .setInt64Values(Int64Values.newBuilder().addValues(7))).build();
        StatusRuntimeException kind = failure(() -> data.insert(WriteRequest.newBuilder().setCollection("books")
                .setRows(wrongKind).build()));
        assertTrue(kind.getStatus().getDescription().contains("field 'title' is VARCHAR"), kind.getStatus().getDescription());

        StatusRuntimeException notVector = failure(() -> collections.createIndex(CreateIndexRequest.newBuilder()
                .setCollection("books").setField("title").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, notVector.getStatus().getCode());
        assertTrue(notVector.getStatus().getDescription().contains("field 'title' is VARCHAR"),
                notVector.getStatus().getDescription());
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> collections.createIndex(CreateIndexRequest.newBuilder()
                .setCollection("books").setField("v").setIndex(io.akasha.server.v1.IndexSpec.newBuilder()
                        .setType("hnsw").putParams("M", "many")).build())));
        assertEquals(Status.Code.NOT_FOUND, code(() -> collections.describeIndex(IndexName.newBuilder()
                .setCollection("nope").setField("v").build())));
        assertEquals("AUTOINDEX", collections.describeIndex(IndexName.newBuilder().setCollection("books").setField("v")
                .build()).getIndex().getType(), "the refused index changes changed nothing");

        assertEquals(Status.Code.RESOURCE_EXHAUSTED, code(() -> data.insert(WriteRequest.newBuilder()
                .setCollection("books").setRows(rows(1000, 80_000)).build())), "a request over the 1 MiB limit");
        assertEquals(10, collections.getCollectionStats(CollectionName.newBuilder().setCollection("books").build())
                .getRows(), "nothing was applied by the failed calls");

        server.close();
        assertEquals(Status.Code.UNAVAILABLE, code(() -> collections.listCollections(
                ListCollectionsRequest.getDefaultInstance())));
    }

    /** The id nearest to (x, 0, 0, 0), with search parameter {@code ef} = 64 when named. */
    private long nearest(float x, String ef) {
        SearchRequest.Builder request = SearchRequest.newBuilder().setCollection("books").setLimit(1)
                .setVectors(PackedVectors.pack(List.of(new float[] {x, 0, 0, 0}), 4));
        if (ef != null) {
            request.putParams(ef, "64");
        }
        return data.search(request.build()).getResults(0).getIds().getInt64Ids().getValues(0);
    }

    private List<String> reflectedServices() throws Exception {
        CompletableFuture<ServerReflectionResponse> response = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(responseTo(response));
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        return response.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                .map(service -> service.getName()).toList();
    }

    private static <T> StreamObserver<T> responseTo(CompletableFuture<T> future) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                future.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                future.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        };
    }
}
