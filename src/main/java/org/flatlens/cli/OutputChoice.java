package org.flatlens.cli;

import java.util.Arrays;
import org.flatlens.tensor.UserInputException;

/**
 * {@code measure --outputs}: which of the model's outputs score which classes.
 *
 * <p>{@code O_0,O_1,…}: output {@code O_j} scores the j-th class of {@code --classes} (or of all classes). The map form
 * {@code C_0:O_0,C_1:O_1,…} says the same with the classes written beside their outputs and sets {@code --classes}
 * to {@code C_0,C_1,…} (a {@code --classes} given as well must list the same classes in the same order).
 *
 * @param classes the class subset to measure on, or null to keep {@code --classes}
 * @param outputs the model's outputs, one per class, in class order
 */
record OutputChoice(int[] classes, int[] outputs) {
    static OutputChoice parse(String text, int[] givenClasses) {
        String[] parts = text.split(",");
        boolean map = text.contains(":");
        int[] classes = map ? new int[parts.length] : null, outputs = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            try {
                if (map) {
                    int colon = p.indexOf(':');
                    if (colon < 0) throw new NumberFormatException();
                    classes[i] = Integer.parseInt(p.substring(0, colon).trim());
                    outputs[i] = Integer.parseInt(p.substring(colon + 1).trim());
                } else {
                    outputs[i] = Integer.parseInt(p);
                }
            } catch (NumberFormatException e) {
                throw new UserInputException("--outputs expects O,O,... or C:O,C:O,... (integers), got '"
                        + text + "'");
            }
        }
        if (map && givenClasses.length > 0 && !Arrays.equals(classes, givenClasses)) {
            throw new UserInputException("--outputs " + text + " maps the classes " + Arrays.toString(classes)
                    + " but --classes lists " + Arrays.toString(givenClasses) + "; give one of them");
        }
        return new OutputChoice(classes, outputs);
    }
}
