package io.akasha.server;

import java.util.concurrent.Executor;
import java.util.function.ToLongFunction;

import io.akasha.server.v1.WriteRequest;
import io.akasha.server.v1.WriteResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * One {@code BulkInsert} stream: up to {@value #IN_FLIGHT} batches are applied at once on the
 * write pool while the next ones arrive, so decoding, applying and the log's fsync overlap (and
 * concurrent batches share fsyncs through group commit); the stream asks the client for a batch
 * only when one of those slots is free, so a fast client is held back by HTTP/2 flow control
 * rather than buffered. The response, after the client's last batch has been applied, counts the
 * rows. The first failing batch ends the call with its status; batches applied before it, and
 * those already being applied beside it, stay applied.
 */
final class BulkInsertCall implements StreamObserver<WriteRequest> {

    static final int IN_FLIGHT = 4;

    private final ServerCallStreamObserver<WriteResponse> responses;
    private final Executor writers;
    private final ToLongFunction<WriteRequest> write;
    private long rows;
    private int applying;
    private boolean ended;
    private boolean failed;

    private BulkInsertCall(ServerCallStreamObserver<WriteResponse> responses, Executor writers,
                           ToLongFunction<WriteRequest> write) {
        this.responses = responses;
        this.writers = writers;
        this.write = write;
    }

    /** Starts a stream: manual flow control, {@value #IN_FLIGHT} batches requested. */
    static StreamObserver<WriteRequest> start(StreamObserver<WriteResponse> responses, Executor writers,
                                              ToLongFunction<WriteRequest> write) {
        ServerCallStreamObserver<WriteResponse> call = (ServerCallStreamObserver<WriteResponse>) responses;
        call.disableAutoRequest();
        BulkInsertCall stream = new BulkInsertCall(call, writers, write);
        call.request(IN_FLIGHT);
        return stream;
    }

    @Override
    public synchronized void onNext(WriteRequest batch) {
        if (failed) {
            return;
        }
        applying++;
        writers.execute(() -> apply(batch));
    }

    private void apply(WriteRequest batch) {
        long applied = 0;
        RuntimeException failure = null;
        try {
            applied = write.applyAsLong(batch);
        } catch (RuntimeException e) {
            failure = e;
        }
        synchronized (this) {
            applying--;
            if (failed) {
                return;
            }
            if (failure != null) {
                failed = true;
                responses.onError(ErrorStatus.of(failure));
                return;
            }
            rows += applied;
            if (ended && applying == 0) {
                finish();
            } else if (!ended) {
                responses.request(1);
            }
        }
    }

    @Override
    public void onError(Throwable cancelled) {
        synchronized (this) {
            failed = true; // the client went away: batches being applied finish, nobody is answered
        }
    }

    @Override
    public synchronized void onCompleted() {
        ended = true;
        if (!failed && applying == 0) {
            finish();
        }
    }

    private void finish() {
        responses.onNext(WriteResponse.newBuilder().setCount(rows).build());
        responses.onCompleted();
    }
}
