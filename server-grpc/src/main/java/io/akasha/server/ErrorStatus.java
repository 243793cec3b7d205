package io.akasha.server;

import io.akasha.core.AkashaException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The gRPC status of a failure: each {@link AkashaException.ErrorCode} has its own, with the
 * engine's message (which names the field, value, row or file at fault). Anything else is a bug
 * on our side: INTERNAL, logged with its stack trace.
 */
final class ErrorStatus {

    private static final System.Logger LOG = System.getLogger(ErrorStatus.class.getName());

    private ErrorStatus() {
    }

    static StatusRuntimeException of(Throwable failure) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        if (failure instanceof AkashaException e) {
            Status status = switch (e.code()) {
                case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
                case NOT_FOUND -> Status.NOT_FOUND;
                case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
                case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
                case UNAVAILABLE -> Status.UNAVAILABLE;
                case DATA_LOSS -> Status.DATA_LOSS;
                case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
            };
            return status.withDescription(e.getMessage()).asRuntimeException();
        }
        LOG.log(System.Logger.Level.ERROR, "unexpected failure in a call", failure);
        return Status.INTERNAL.withDescription("internal error: " + failure).withCause(failure).asRuntimeException();
    }
}
