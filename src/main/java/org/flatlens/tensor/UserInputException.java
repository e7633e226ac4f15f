package org.flatlens.tensor;

/**
 * A problem with what the user gave: a file, an option, a value, a data set or a run folder. The command line reports
 * it as one line and exit code 2. Every other exception, including a plain {@link IllegalArgumentException} from a
 * violated library invariant, is a bug and reported as one (exit code 1).
 *
 * <p>It lives in the bottom package so every layer can throw it. It extends {@link IllegalArgumentException} so code
 * that validates arguments keeps its contract for library callers; the message should name the file, option or key.
 */
public class UserInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
