package org.flatlens.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Enforces the package layering of STYLE.md: each package imports only the packages listed for it (a package's
 * subpackages count as the package, except {@code tensor.kernels}, the layer below {@code tensor} with rules of its
 * own: it imports nothing of the project, and it is the only user of the Vector API).
 */
class LayeringTest {
    private static final String ROOT = "org.flatlens.";
    private static final List<String> ANALYSIS =
            List.of("analysis.linalg", "analysis.jacobians", "analysis.sharpness", "analysis.compression",
                    "analysis.bounds");

    /** Package → the project packages it may import (itself always allowed). */
    static Map<String, Set<String>> allowed() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("tensor", Set.of());
        m.put("autodiff", Set.of("tensor"));
        m.put("nn", Set.of("autodiff", "tensor"));
        m.put("data", Set.of("tensor"));
        m.put("train", Set.of("nn", "data", "autodiff", "tensor"));
        m.put("analysis.linalg", Set.of("tensor"));
        m.put("analysis.jacobians", Set.of("analysis.linalg", "nn", "data", "autodiff", "tensor"));
        m.put("analysis.sharpness", Set.of("analysis.jacobians", "analysis.linalg", "nn", "data", "autodiff", "tensor"));
        m.put("analysis.compression", Set.of("analysis.jacobians", "analysis.linalg", "nn", "data", "autodiff",
                "tensor"));
        m.put("analysis.bounds", Set.of("analysis.sharpness", "analysis.compression", "analysis.linalg", "tensor"));
        m.put("experiments", union(Set.of("train", "data", "nn", "autodiff", "tensor"), ANALYSIS));
        m.put("report", union(Set.of("experiments", "tensor"), ANALYSIS));
        return m;
    }

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.flatlens");
    }

    @TestFactory
    List<DynamicTest> eachPackageImportsOnlyWhatItMay() {
        Map<String, Set<String>> allowed = allowed();
        return allowed.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String[] forbidden = allowed.keySet().stream()
                    .filter(p -> !p.equals(e.getKey()) && !e.getValue().contains(p))
                    .map(p -> ROOT + p + "..").toArray(String[]::new);
            String[] all = forbidden.length == 0 ? new String[] {ROOT + "cli.."}
                    : concat(forbidden, ROOT + "cli..");
            noClasses().that().resideInAPackage(ROOT + e.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(all)
                    .allowEmptyShould(true).check(classes);
        })).toList();
    }

    @Test
    void kernelsImportNothingOfTheProject() {
        noClasses().that().resideInAPackage(ROOT + "tensor.kernels..")
                .should().dependOnClassesThat(resideInAPackage("org.flatlens..")
                        .and(resideOutsideOfPackage(ROOT + "tensor.kernels..")))
                .check(classes);
    }

    @Test
    void onlyTheKernelsUseTheVectorApi() {
        noClasses().that().resideOutsideOfPackage(ROOT + "tensor.kernels..")
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
                .check(classes);
    }

    private static String[] concat(String[] a, String b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = b;
        return r;
    }

    private static Set<String> union(Set<String> a, List<String> b) {
        java.util.Set<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}
