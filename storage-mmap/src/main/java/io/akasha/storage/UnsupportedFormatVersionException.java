package io.akasha.storage;

/** A well-formed file written in a format version this build cannot read; the message names both. */
public final class UnsupportedFormatVersionException extends CorruptFileException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFormatVersionException(String message) {
        super(message);
    }
}
