package org.flatlens.data;

import java.nio.file.Path;
import org.flatlens.tensor.UserInputException;

/**
 * A data file that does not have the expected format: wrong magic number, inconsistent dimensions, truncated or
 * trailing bytes, a label out of range, a malformed safetensors header. The message is one line and starts with the
 * file's name.
 */
public class DataFormatException extends UserInputException {
    private static final long serialVersionUID = 1L;

    /** @param source the file (or other source) the problem was found in */
    public DataFormatException(String source, String problem) {
        super(source + ": " + problem);
    }

    public DataFormatException(Path file, String problem) {
        this(file.toString(), problem);
    }
}
