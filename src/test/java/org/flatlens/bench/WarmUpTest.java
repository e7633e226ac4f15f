package org.flatlens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WarmUpTest {
    /** Feeds calls of the given durations, back to back; returns after how many it stops (-1: never). */
    private static int stopsAfter(WarmUp w, double... seconds) {
        double elapsed = 0;
        for (int i = 0; i < seconds.length; i++) {
            elapsed += seconds[i];
            if (w.done(seconds[i], elapsed)) return i + 1;
        }
        return -1;
    }

    @Test
    void waitsUntilTheTimesStopFalling() {
        // JIT-like: slow calls first; 0.9 still beats 1.0 by more than 10 %, then three calls that do not
        assertEquals(9, stopsAfter(new WarmUp(1, 5, 100), 6, 4, 3, 1.5, 1.0, 0.9, 0.95, 1.0, 0.9, 0.9));
    }

    @Test
    void aClearGainRestartsTheCountASmallOneDoesNot() {
        assertEquals(7, stopsAfter(new WarmUp(1, 0, 100), 2, 2, 1.9, 1.0, 1.0, 0.99, 1.0, 1.0));
    }

    @Test
    void honoursTheMinimumsAndTheMaximum() {
        assertEquals(5, stopsAfter(new WarmUp(5, 0, 100), 1, 1, 1, 1, 1, 1));
        assertEquals(6, stopsAfter(new WarmUp(1, 6, 100), 1, 1, 1, 1, 1, 1, 1));
        assertEquals(3, stopsAfter(new WarmUp(1, 0, 10), 4, 2, 8, 1));
    }
}
