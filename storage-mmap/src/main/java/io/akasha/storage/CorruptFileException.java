package io.akasha.storage;

import java.io.IOException;

/** A file whose bytes contradict its format; the message names the file and the offset. */
public class CorruptFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptFileException(String message) {
        super(message);
    }
}
