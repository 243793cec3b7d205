package io.akasha.storage.lmdb;

/** The LMDB C library is not installed (or not where it was said to be); the message says how to fix it. */
public final class LmdbUnavailableException extends IllegalStateException {

    LmdbUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
