package io.akasha.server;

import io.akasha.core.Akasha;
import io.akasha.core.collection.CollectionInfo;
import io.akasha.server.auth.AuthInterceptor;
import io.akasha.server.auth.Role;
import io.akasha.server.auth.User;
import io.akasha.server.v1.CollectionDescription;
import io.akasha.server.v1.CollectionName;
import io.akasha.server.v1.CollectionStats;
import io.akasha.server.v1.CollectionsGrpc;
import io.akasha.server.v1.CreateCollectionRequest;
import io.akasha.server.v1.CreateCollectionResponse;
import io.akasha.server.v1.CreateIndexRequest;
import io.akasha.server.v1.DropCollectionResponse;
import io.akasha.server.v1.FlushResponse;
import io.akasha.server.v1.IndexDescription;
import io.akasha.server.v1.IndexName;
import io.akasha.server.v1.ListCollectionsRequest;
import io.akasha.server.v1.ListCollectionsResponse;
import io.akasha.server.v1.PartitionName;
import io.akasha.server.v1.PartitionResponse;
import io.akasha.server.v1.ScalarIndexRequest;
import io.akasha.server.v1.ScalarIndexResponse;
import io.grpc.stub.StreamObserver;

/** {@code akasha.v1.Collections}: schemas, partitions, vector and scalar indexes and stats, over the engine. */
final class CollectionsService extends CollectionsGrpc.CollectionsImplBase {

    private final Akasha engine;

    CollectionsService(Akasha engine) {
        this.engine = engine;
    }

    @Override
    public void createCollection(CreateCollectionRequest request, StreamObserver<CreateCollectionResponse> observer) {
        Calls.unary(observer, () -> {
            engine.createCollection(request.getCollection(), SchemaMapper.toEngine(request.getSchema()));
            return CreateCollectionResponse.getDefaultInstance();
        });
    }

    @Override
    public void describeCollection(CollectionName request, StreamObserver<CollectionDescription> observer) {
        Calls.unary(observer, () -> {
            CollectionInfo info = engine.describeCollection(request.getCollection());
            return CollectionDescription.newBuilder().setCollection(info.name())
                    .setSchema(SchemaMapper.toApi(info.schema())).addAllPartitions(info.partitions())
                    .addAllScalarIndexedFields(info.scalarIndexedFields()).build();
        });
    }

    /** The collections the caller may read (all of them without authentication). */
    @Override
    public void listCollections(ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> observer) {
        User user = AuthInterceptor.USER.get();
        Calls.unary(observer, () -> ListCollectionsResponse.newBuilder().addAllCollections(engine.listCollections()
                .stream().filter(name -> user == null || user.allows(Role.READ, name)).toList()).build());
    }

    @Override
    public void dropCollection(CollectionName request, StreamObserver<DropCollectionResponse> observer) {
        Calls.unary(observer, () -> {
            engine.dropCollection(request.getCollection());
            return DropCollectionResponse.getDefaultInstance();
        });
    }

    @Override
    public void getCollectionStats(CollectionName request, StreamObserver<CollectionStats> observer) {
        Calls.unary(observer, () -> {
            io.akasha.core.collection.CollectionStats stats = engine.collection(request.getCollection()).stats();
            return CollectionStats.newBuilder().setRows(stats.rows()).setGrowingSegments(stats.growingSegments())
                    .setSealedSegments(stats.sealedSegments()).setMemoryBytes(stats.memoryBytes())
                    .setKeysInMemory(stats.keysInMemory()).putAllIndexMemoryBytes(stats.indexMemoryBytes())
                    .setSegmentRows(stats.segmentRows()).setIndexedRows(stats.indexedRows()).build();
        });
    }

    @Override
    public void createPartition(PartitionName request, StreamObserver<PartitionResponse> observer) {
        Calls.unary(observer, () -> {
            engine.collection(request.getCollection()).createPartition(request.getPartition());
            return PartitionResponse.getDefaultInstance();
        });
    }

    @Override
    public void dropPartition(PartitionName request, StreamObserver<PartitionResponse> observer) {
        Calls.unary(observer, () -> {
            engine.collection(request.getCollection()).dropPartition(request.getPartition());
            return PartitionResponse.getDefaultInstance();
        });
    }

    @Override
    public void createScalarIndex(ScalarIndexRequest request, StreamObserver<ScalarIndexResponse> observer) {
        Calls.unary(observer, () -> {
            engine.collection(request.getCollection()).createScalarIndex(request.getField());
            return ScalarIndexResponse.getDefaultInstance();
        });
    }

    @Override
    public void createIndex(CreateIndexRequest request, StreamObserver<IndexDescription> observer) {
        Calls.unary(observer, () -> toApi(engine.collection(request.getCollection())
                .createIndex(request.getField(), SchemaMapper.toEngine(request.getIndex()))));
    }

    @Override
    public void describeIndex(IndexName request, StreamObserver<IndexDescription> observer) {
        Calls.unary(observer, () -> toApi(engine.collection(request.getCollection()).describeIndex(request.getField())));
    }

    @Override
    public void dropIndex(IndexName request, StreamObserver<IndexDescription> observer) {
        Calls.unary(observer, () -> toApi(engine.collection(request.getCollection()).dropIndex(request.getField())));
    }

    private static IndexDescription toApi(io.akasha.core.collection.IndexDescription index) {
        return IndexDescription.newBuilder().setField(index.field()).setIndex(SchemaMapper.toApi(index.spec()))
                .setResolvedType(index.index()).setIndexedRows(index.indexedRows())
                .setPendingRows(index.pendingRows()).setGrowingRows(index.growingRows())
                .setFinished(index.finished()).build();
    }

    @Override
    public void flush(CollectionName request, StreamObserver<FlushResponse> observer) {
        Calls.unary(observer, () -> {
            engine.collection(request.getCollection()).flush();
            return FlushResponse.getDefaultInstance();
        });
    }
}
