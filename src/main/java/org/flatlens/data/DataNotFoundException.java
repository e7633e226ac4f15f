package org.flatlens.data;

/** A data file or directory that is not where it was looked for. The message says where to put it. */
public class DataNotFoundException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DataNotFoundException(String message) {
        super(message);
    }
}
