package org.flatlens.experiments.measures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeasureSeedsTest {
    @Test
    void theSameSeedPurposeStepAndNameGiveTheSameStream() {
        MeasureSeeds a = new MeasureSeeds(7, MeasureSeeds.MEASURE, 0), b = new MeasureSeeds(7, MeasureSeeds.MEASURE, 0);
        assertEquals(a.rng("trace_hessian").nextLong(), b.rng("trace_hessian").nextLong());
    }

    @Test
    void everyCoordinateOfTheSchemeChangesTheStream() {
        Set<Long> firsts = new HashSet<>();
        List<MeasureSeeds> seeds = List.of(new MeasureSeeds(7, "measure", 0), new MeasureSeeds(8, "measure", 0),
                new MeasureSeeds(7, "track", 0), new MeasureSeeds(7, "measure", 1));
        for (MeasureSeeds s : seeds) {
            for (String name : List.of("trace_hessian", "lambda_max", "lanczos", "compression")) {
                firsts.add(s.rng(name).nextLong());
            }
        }
        assertEquals(16, firsts.size());
    }

    @Test
    void fnvMatchesItsPublishedTestVectors() {
        // FNV-1a 64-bit of "" and "a" (the reference values of the FNV authors).
        assertEquals(0xCBF29CE484222325L, MeasureSeeds.fnv1a(""));
        assertEquals(0xAF63DC4C8601EC8CL, MeasureSeeds.fnv1a("a"));
        assertNotEquals(MeasureSeeds.fnv1a("ab"), MeasureSeeds.fnv1a("ba"));
    }
}
