package io.akasha.server;

import java.util.function.Supplier;

import io.grpc.stub.StreamObserver;

/** Runs a unary call's work and answers with its result or its failure's status. */
final class Calls {

    private Calls() {
    }

    static <T> void unary(StreamObserver<T> observer, Supplier<T> work) {
        T response;
        try {
            response = work.get();
        } catch (RuntimeException | Error e) {
            observer.onError(ErrorStatus.of(e));
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }
}
