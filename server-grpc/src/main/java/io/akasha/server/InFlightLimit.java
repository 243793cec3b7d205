package io.akasha.server;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Backpressure: at most {@code limit} calls run or wait at once; one more fails at once with
 * RESOURCE_EXHAUSTED instead of queueing (a client can retry with backoff), so a burst cannot
 * pile up work and memory. Only the API's services are counted: health checks and reflection
 * are not, so that an overloaded server still answers its load balancer.
 */
final class InFlightLimit implements ServerInterceptor {

    private final int limit;
    private final Semaphore permits;

    InFlightLimit(int limit) {
        this.limit = limit;
        this.permits = new Semaphore(limit);
    }

    /** Calls running or waiting now. */
    int active() {
        return limit - permits.availablePermits();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        if (!permits.tryAcquire()) {
            call.close(Status.RESOURCE_EXHAUSTED.withDescription("the server is at its limit of " + limit
                    + " calls in flight; retry with backoff"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        };
        ServerCall<Q, A> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                release.run();
                super.close(status, trailers);
            }
        };
        try {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(counted, headers)) {
                @Override
                public void onCancel() {
                    release.run();
                    super.onCancel();
                }

                @Override
                public void onComplete() {
                    // Also a call closed by an interceptor in front of this one (a refused request).
                    release.run();
                    super.onComplete();
                }
            };
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }
}
