package io.akasha.core.dataset;

import java.io.IOException;

/** A data-set file whose content is not what its format promises; the message names the file and record. */
public final class DatasetFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public DatasetFormatException(String message) {
        super(message);
    }

    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
