package org.flatlens.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One set of loss names, accepted the same way by the command line, sweep.yaml and config.json (all use parse). */
class LossKindTest {
    @ParameterizedTest
    @ValueSource(strings = {"ce", "CE", "cross-entropy", "cross_entropy", "crossentropy", "Cross_Entropy", " ce "})
    void crossEntropyNames(String name) {
        assertEquals(LossKind.CE, LossKind.parse(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mse", "MSE", "squared-error", "squared_error"})
    void squaredErrorNames(String name) {
        assertEquals(LossKind.MSE, LossKind.parse(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nll", "hinge", "", "c e"})
    void otherNamesAreRefusedWithTheListOfAcceptedOnes(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossKind.parse(name));
        assertTrue(e.getMessage().contains(LossKind.NAMES), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mse", "ce"})
    void keysParseBackToTheirLoss(String key) {
        assertEquals(key, LossKind.parse(key).key());
    }
}
