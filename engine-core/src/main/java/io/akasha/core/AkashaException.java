package io.akasha.core;

/**
 * Every error the engine reports to its caller: a {@link ErrorCode} that says what kind of
 * failure it is (the server maps it to a gRPC status) and a message that names the field, value
 * or object at fault. An operation that throws this changed nothing.
 */
public class AkashaException extends RuntimeException {

    private final ErrorCode code;

    public AkashaException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public AkashaException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** Bad input: a wrong type, dimension, value, name or expression. */
    public static AkashaException invalid(String message) {
        return new AkashaException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static AkashaException notFound(String message) {
        return new AkashaException(ErrorCode.NOT_FOUND, message);
    }

    public static AkashaException alreadyExists(String message) {
        return new AkashaException(ErrorCode.ALREADY_EXISTS, message);
    }

    /** The kind of failure, chosen so that each maps to one gRPC status. */
    public enum ErrorCode {
        /** The request itself is wrong; retrying it unchanged fails the same way. */
        INVALID_ARGUMENT,
        /** A named collection, partition, field or index does not exist. */
        NOT_FOUND,
        /** Creating something whose name is taken. */
        ALREADY_EXISTS,
        /** A request larger than a configured limit. */
        RESOURCE_EXHAUSTED,
        /** The engine (or the collection) was closed or dropped while the call was made. */
        UNAVAILABLE,
        /** Stored data failed its checksum or contradicts its format; the message names the file and offset. */
        DATA_LOSS,
        /** The call's deadline passed before it finished; nothing was changed. */
        DEADLINE_EXCEEDED
    }
}
