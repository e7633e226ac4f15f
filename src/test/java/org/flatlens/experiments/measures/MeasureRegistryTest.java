package org.flatlens.experiments.measures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeasureRegistryTest {
    private static final MeasureRegistry R = MeasureRegistry.standard();

    @Test
    void everyStandardMeasureIsDocumented() {
        for (Measure m : R.all()) {
            assertFalse(m.unit().isBlank(), m.name() + " unit");
            assertFalse(m.label().isBlank(), m.name() + " label");
            assertTrue(m.description().length() > 20, m.name() + " description");
            assertFalse(m.description().contains("\n"), m.name() + " description is one line");
        }
    }

    @Test
    void docsSchemaDocumentsEveryStandardMeasureAndTheCurrentVersion() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "schema.md"));
        for (Measure m : R.all()) {
            assertTrue(doc.contains("| `" + m.name() + "` | " + m.kind().key() + " | "),
                    m.name() + " in docs/schema.md");
        }
        assertTrue(doc.contains("Schema version: **" + OutputKeys.SCHEMA_VERSION + "**"), "version in docs/schema.md");
    }

    @Test
    void theNameConstantsAreExactlyTheRegisteredNames() throws IllegalAccessException {
        List<String> constants = new ArrayList<>();
        for (Field f : Measures.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) constants.add((String) f.get(null));
        }
        assertEquals(R.all().stream().map(Measure::name).sorted().toList(), constants.stream().sorted().toList());
    }

    @Test
    void outputKeysResolveToTheirMeasure() {
        assertEquals(Optional.of(R.get(Measures.MLS)), R.forKey("mls[conv1]"));
        assertEquals(Optional.of(R.get(Measures.MLS)), R.forKey("mls_stderr[conv1]"));
        assertEquals(Optional.of(R.get(Measures.TRACE_HESSIAN)), R.forKey("trace_hessian_n"));
        assertEquals(Optional.of(R.get(Measures.LAMBDA_MAX)), R.forKey("lambda_max_converged"));
        assertEquals(Optional.of(R.get(Measures.RELATIVE_FLATNESS_HESSIAN)), R.forKey("relative_flatness_hessian[0]"));
        assertEquals(Optional.empty(), R.forKey("train_loss"));
        assertEquals("mls_stderr[input]", OutputKeys.field("mls[input]", OutputKeys.STDERR));
        assertEquals("nmls_n", OutputKeys.field("nmls", OutputKeys.N));
    }

    @Test
    void aNameIsRegisteredOnce() {
        Measure dup = Measure.of(Measures.MLS, MeasureKind.COMPRESSION, "1", "x", "a duplicate of mls for the test",
                (c, rng, out) -> { });
        assertThrows(IllegalArgumentException.class, () -> R.with(dup));
        assertThrows(IllegalArgumentException.class, () -> Measure.of("Bad Name", MeasureKind.BOUND, "1", "x", "y",
                (c, rng, out) -> { }));
    }
}
