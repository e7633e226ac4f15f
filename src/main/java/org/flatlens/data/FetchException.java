package org.flatlens.data;

/** Fetching a dataset failed: a tool is missing, a registry is unreachable, or a checksum does not match. */
public class FetchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FetchException(String message) {
        super(message);
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
