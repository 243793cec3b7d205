package io.akasha.server.cli;

import java.util.concurrent.Callable;

import io.akasha.server.v1.CollectionName;
import io.akasha.server.v1.CollectionStats;
import io.akasha.server.v1.CollectionsGrpc;
import io.akasha.server.v1.ListCollectionsRequest;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code akasha status}: a running server's health and its collections with their sizes. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a running server's health and collections.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Override
    public Integer call() throws Exception {
        ManagedChannel channel = connection.open();
        try {
            System.out.println("server " + connection + ": " + HealthGrpc.newBlockingStub(channel)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus());
            CollectionsGrpc.CollectionsBlockingStub collections = CollectionsGrpc.newBlockingStub(channel);
            for (String name : collections.listCollections(ListCollectionsRequest.getDefaultInstance())
                    .getCollectionsList()) {
                CollectionStats stats = collections.getCollectionStats(CollectionName.newBuilder().setCollection(name).build());
                System.out.printf("  %s: %,d rows, %d growing + %d sealed segments, %,d MB in memory, index built "
                                + "for %,d of %,d stored rows%n", name, stats.getRows(), stats.getGrowingSegments(),
                        stats.getSealedSegments(), stats.getMemoryBytes() >> 20, stats.getIndexedRows(),
                        stats.getSegmentRows());
            }
        } finally {
            Connection.close(channel);
        }
        return 0;
    }
}
