package io.akasha.bench.ann;

/** A system that cannot run on this machine; the message says why, for the report. */
public final class SystemUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public SystemUnavailableException(String reason) {
        super(reason);
    }
}
