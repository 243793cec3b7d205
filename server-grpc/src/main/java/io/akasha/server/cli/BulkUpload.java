package io.akasha.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import io.akasha.core.dataset.Dataset;
import io.akasha.server.PackedVectors;
import io.akasha.server.v1.Column;
import io.akasha.server.v1.DataGrpc;
import io.akasha.server.v1.Int64Values;
import io.akasha.server.v1.Rows;
import io.akasha.server.v1.WriteRequest;
import io.akasha.server.v1.WriteResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * A data set's vectors sent to a server in the shape {@code akasha import} creates ({@code id}
 * INT64 primary key, {@code vector}): batches of rows, and a {@code BulkInsert} stream that sends a
 * batch only when the call is ready for it, so a fast client never buffers a data set in memory.
 */
public final class BulkUpload {

    private BulkUpload() {
    }

    /** Rows with ids {@code firstId..firstId+count-1}, row i holding base vector {@code (firstId + i) mod count}. */
    public static Rows rows(Dataset data, long firstId, int count) {
        int base = data.base().count();
        Int64Values.Builder ids = Int64Values.newBuilder();
        List<float[]> vectors = new ArrayList<>(count);
        for (long id = firstId; id < firstId + count; id++) {
            ids.addValues(id);
            vectors.add(data.base().get((int) (id % base)));
        }
        return Rows.newBuilder().setCount(count)
                .addColumns(Column.newBuilder().setField("id").setInt64Values(ids))
                .addColumns(Column.newBuilder().setField("vector").setFloatVectors(PackedVectors.pack(vectors, data.dim())))
                .build();
    }

    /**
     * Streams rows {@code 0..total-1} into {@code collection} over one {@code BulkInsert} call in
     * batches of {@code batch}, telling {@code sent} each batch's size; returns the rows the server
     * counted once all were applied.
     */
    public static long send(ManagedChannel channel, String collection, Dataset data, int total, int batch,
                            IntConsumer sent) throws Exception {
        CompletableFuture<WriteResponse> done = new CompletableFuture<>();
        Object ready = new Object();
        ClientCallStreamObserver<WriteRequest> requests = (ClientCallStreamObserver<WriteRequest>) DataGrpc
                .newStub(channel).bulkInsert(new ClientResponseObserver<WriteRequest, WriteResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<WriteRequest> stream) {
                        stream.setOnReadyHandler(() -> wake(ready));
                    }

                    @Override
                    public void onNext(WriteResponse response) {
                        done.complete(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                        wake(ready);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        for (int first = 0; first < total && !done.isDone(); first += batch) {
            synchronized (ready) {
                while (!requests.isReady() && !done.isDone()) {
                    ready.wait(100);
                }
            }
            int count = Math.min(batch, total - first);
            requests.onNext(WriteRequest.newBuilder().setCollection(collection).setRows(rows(data, first, count)).build());
            sent.accept(count);
        }
        requests.onCompleted();
        return done.get(1, TimeUnit.HOURS).getCount();
    }

    private static void wake(Object monitor) {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }
}
