package org.flatlens.data;

import org.flatlens.tensor.UserInputException;

/** A data file or directory that is not where it was looked for. The message says where to put it. */
public class DataNotFoundException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public DataNotFoundException(String message) {
        super(message);
    }
}
