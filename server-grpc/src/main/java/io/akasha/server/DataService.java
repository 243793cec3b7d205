package io.akasha.server;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.Hit;
import io.akasha.core.collection.WriteResult;
import io.akasha.server.v1.DataGrpc;
import io.akasha.server.v1.DeleteRequest;
import io.akasha.server.v1.DeleteResponse;
import io.akasha.server.v1.GetRequest;
import io.akasha.server.v1.QueryRequest;
import io.akasha.server.v1.RowsResponse;
import io.akasha.server.v1.SearchRequest;
import io.akasha.server.v1.SearchResponse;
import io.akasha.server.v1.SearchResult;
import io.akasha.server.v1.WriteRequest;
import io.akasha.server.v1.WriteResponse;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;

/**
 * {@code akasha.v1.Data}: writes and reads, each a thin translation to one engine call on the
 * thread gRPC runs the call on (no further hand-off; see {@link AkashaServer} for which thread). A write is acknowledged after the engine has made
 * it durable. A search honours the call's deadline inside the engine (checked before each
 * segment of each query), ending with DEADLINE_EXCEEDED.
 */
final class DataService extends DataGrpc.DataImplBase {

    private final Akasha engine;
    private final Executor writers;

    /** @param writers where bulk-insert batches are applied (the server's pool for calls that wait on fsync) */
    DataService(Akasha engine, Executor writers) {
        this.engine = engine;
        this.writers = writers;
    }

    @Override
    public void insert(WriteRequest request, StreamObserver<WriteResponse> observer) {
        Calls.unary(observer, () -> write(request, false));
    }

    @Override
    public void upsert(WriteRequest request, StreamObserver<WriteResponse> observer) {
        Calls.unary(observer, () -> write(request, true));
    }

    private WriteResponse write(WriteRequest request, boolean upsert) {
        Collection collection = engine.collection(request.getCollection());
        List<Map<String, Object>> rows = RowCodec.decode(request.getRows(), collection.schema());
        String partition = request.getPartition().isEmpty() ? null : request.getPartition();
        WriteResult result = upsert ? collection.upsert(partition, rows) : collection.insert(partition, rows);
        return WriteResponse.newBuilder().setCount(result.count())
                .setIds(RowCodec.ids(result.ids(), collection.schema().primaryKey())).build();
    }

    @Override
    public StreamObserver<WriteRequest> bulkInsert(StreamObserver<WriteResponse> observer) {
        return BulkInsertCall.start(observer, writers, batch -> write(batch, false).getCount());
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<DeleteResponse> observer) {
        Calls.unary(observer, () -> {
            Collection collection = engine.collection(request.getCollection());
            long deleted = switch (request.getSelectionCase()) {
                case IDS -> collection.delete(RowCodec.ids(request.getIds()));
                case FILTER -> collection.deleteWhere(request.getFilter());
                case SELECTION_NOT_SET -> throw AkashaException.invalid("delete needs ids or a filter");
            };
            return DeleteResponse.newBuilder().setDeleted(deleted).build();
        });
    }

    @Override
    public void get(GetRequest request, StreamObserver<RowsResponse> observer) {
        Calls.unary(observer, () -> {
            Collection collection = engine.collection(request.getCollection());
            List<Map<String, Object>> rows = collection.get(RowCodec.ids(request.getIds()),
                    request.getOutputFieldsList().toArray(String[]::new));
            return RowsResponse.newBuilder().setRows(RowCodec.encode(rows, collection.schema())).build();
        });
    }

    @Override
    public void query(QueryRequest request, StreamObserver<RowsResponse> observer) {
        Calls.unary(observer, () -> {
            Collection collection = engine.collection(request.getCollection());
            io.akasha.core.collection.QueryRequest.Builder query = io.akasha.core.collection.QueryRequest.builder()
                    .outputFields(request.getOutputFieldsList().toArray(String[]::new))
                    .partitions(request.getPartitionsList().toArray(String[]::new))
                    .limit(request.getLimit()).offset(request.getOffset());
            if (!request.getFilter().isEmpty()) {
                query.filter(request.getFilter());
            }
            List<Map<String, Object>> rows = collection.query(query.build());
            return RowsResponse.newBuilder().setRows(RowCodec.encode(rows, collection.schema())).build();
        });
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> observer) {
        Calls.unary(observer, () -> {
            Collection collection = engine.collection(request.getCollection());
            io.akasha.core.collection.SearchRequest.Builder search = io.akasha.core.collection.SearchRequest.builder()
                    .vectors(PackedVectors.unpack(request.getVectors(), "vectors"))
                    .outputFields(request.getOutputFieldsList().toArray(String[]::new))
                    .partitions(request.getPartitionsList().toArray(String[]::new))
                    .offset(request.getOffset());
            if (request.getLimit() > 0) {
                search.limit(request.getLimit());
            }
            if (!request.getVectorField().isEmpty()) {
                search.vectorField(request.getVectorField());
            }
            if (!request.getFilter().isEmpty()) {
                search.filter(request.getFilter());
            }
            request.getParamsMap().forEach((name, value) -> search.parameter(name, number(name, value)));
            Deadline deadline = Context.current().getDeadline();
            if (deadline != null) {
                search.deadline(Instant.now().plusNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS)));
            }
            SearchResponse.Builder response = SearchResponse.newBuilder();
            for (List<Hit> hits : collection.search(search.build())) {
                SearchResult.Builder result = SearchResult.newBuilder()
                        .setIds(RowCodec.ids(hits.stream().map(Hit::id).toList(), collection.schema().primaryKey()));
                hits.forEach(hit -> result.addScores(hit.score()));
                if (request.getOutputFieldsCount() > 0) {
                    result.setFields(RowCodec.encode(hits.stream().map(Hit::fields).toList(), collection.schema()));
                }
                response.addResults(result);
            }
            return response.build();
        });
    }

    /** A search parameter's text as a number (integer when it is one). */
    private static Object number(String name, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException notInteger) {
            try {
                return Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw AkashaException.invalid("search parameter '" + name + "' must be a number, got '" + text + "'");
            }
        }
    }
}
