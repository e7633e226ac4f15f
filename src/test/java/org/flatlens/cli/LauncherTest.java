package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code flatlens} launcher script, run on a copy of itself with stand-ins for {@code java} and {@code mvn} first
 * on the PATH: it drops exactly the incubator-module warning and nothing else from standard error, keeps the exit
 * code, and reports a build's steps in plain lines (no escape codes) when standard error is not a terminal.
 */
class LauncherTest {
    private static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir
    Path tmp;

    private Path home;
    private Path bin;

    @BeforeEach
    void copyOfTheLauncher() throws IOException {
        home = tmp.resolve("flatlens");
        bin = tmp.resolve("bin");
        Files.createDirectories(home.resolve("src/main"));
        Files.createDirectories(bin);
        Files.copy(Path.of("flatlens"), home.resolve("flatlens"));
        Files.writeString(home.resolve("pom.xml"), "<project/>");
        // java stand-in: the JVM's warning first, then what the command prints, exit code from FAKE_RC.
        script("java", "echo '" + WARNING + "' >&2\necho 'Error: a real JVM error' >&2\necho out\n"
                + "printf 'progress\\r' >&2\nexit ${FAKE_RC:-0}\n");
        // mvn stand-in: Maven's step lines wrapped in the escape codes Debian's Maven 3.8 prints, then the jar.
        script("mvn", "printf '\\033[0m\\033[0m[INFO] Scanning for projects...\\n'\n"
                + "echo '[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) @ flatlens ---'\n"
                + "echo '[INFO] --- maven-shade-plugin:3.6.0:shade (default) @ flatlens ---'\n"
                + "mkdir -p target && echo jar > target/flatlens.jar\n");
    }

    private void script(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/usr/bin/env bash\n" + body);
        p.toFile().setExecutable(true);
    }

    private record Result(int code, String out, String err) {}

    private Result run(String rc, String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(java.util.List.of("bash", home.resolve("flatlens").toString()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("FAKE_RC", rc);
        pb.environment().put("FLATLENS_CDS", "0");
        Path out = tmp.resolve("out.txt"), err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private void builtJar() throws IOException {
        Files.createDirectories(home.resolve("target"));
        Path jar = Files.writeString(home.resolve("target/flatlens.jar"), "jar");
        Files.setLastModifiedTime(home.resolve("pom.xml"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.setLastModifiedTime(home.resolve("src/main"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis()));
    }

    @Test
    void dropsExactlyTheIncubatorWarningAndKeepsEverythingElse() throws Exception {
        builtJar();
        Result r = run("0", "--version");
        assertEquals(0, r.code());
        assertEquals("out\n", r.out());
        assertFalse(r.err().contains(WARNING), r.err());
        assertTrue(r.err().contains("Error: a real JVM error\n"), r.err());
        assertTrue(r.err().endsWith("progress\r"), "a line without newline passes at once: " + r.err());
        assertFalse(r.err().contains("building"), "no build when the jar is newer than the sources: " + r.err());
    }

    @Test
    void keepsTheCommandsExitCode() throws Exception {
        builtJar();
        assertEquals(3, run("3", "train").code());
    }

    @Test
    void reportsTheBuildStepsInPlainLinesWhenNotATerminal() throws Exception {
        Result r = run("0", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("flatlens: build: maven-compiler-plugin:3.13.0:compile\n"), r.err());
        assertTrue(r.err().contains("flatlens: build: maven-shade-plugin:3.6.0:shade\n"), r.err());
        assertFalse(r.err().contains("\033"), "no escape codes in a captured log: " + r.err());
        assertTrue(Files.readString(home.resolve("target/build.log")).contains("Scanning for projects"));
    }

    @Test
    void aFailedBuildShowsItsErrorsAndExitCode() throws Exception {
        script("mvn", "echo '[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) @ flatlens ---'\n"
                + "echo '[ERROR] Foo.java:[3,1] class, interface, enum, or record expected'\nexit 1\n");
        Result r = run("0", "--help");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("the build failed (mvn exit code 1)"), r.err());
        assertTrue(r.err().contains("[ERROR] Foo.java:[3,1]"), r.err());
    }

    @Test
    void theSparkExecutorRunsFromTheSparkBuildWhichItBuildsFirst() throws Exception {
        builtJar();
        Files.createDirectories(home.resolve("src/spark"));
        script("mvn", "echo \"mvn $*\"\necho '[INFO] --- maven-dependency-plugin:3.8.1:copy-dependencies (spark-lib) @ flatlens ---'\n"
                + "mkdir -p target/spark/lib && echo jar > target/flatlens-spark.jar\n");
        script("java", "echo \"java $*\"\n");
        Result r = run("0", "sweep", "--config", "s.yaml", "--out", "o", "--executor", "spark", "--master", "local[2]");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("flatlens: building target/flatlens-spark.jar (mvn -Pspark -DskipTests package"),
                r.err());
        assertTrue(r.err().contains("flatlens: build: maven-dependency-plugin:3.8.1:copy-dependencies\n"), r.err());
        assertTrue(Files.readString(home.resolve("target/build-spark.log")).contains("mvn -B -Pspark -DskipTests"));
        String java = r.out().strip();
        assertTrue(java.contains(" @" + home.resolve("src/spark/java-options") + " -cp "
                + home.resolve("target/flatlens-spark.jar") + ":" + home.resolve("target/spark/lib") + "/* "
                + "org.flatlens.cli.Main sweep --config s.yaml --out o --executor spark --master local[2]"), java);
        assertFalse(java.contains("-jar"), java);

        // Built and newer than the sources: no second build; the core jar's commands never use it.
        Result again = run("0", "sweep", "--executor=spark");
        assertFalse(again.err().contains("building"), again.err());
        assertTrue(again.out().contains("flatlens-spark.jar"), again.out());
        Result core = run("0", "demo", "--quick");
        assertTrue(core.out().contains("-jar " + home.resolve("target/flatlens.jar") + " demo --quick"), core.out());
        assertFalse(core.out().contains("spark"), core.out());
    }

    @Test
    void aFailedSparkBuildSaysWhatItWasFor() throws Exception {
        builtJar();
        script("mvn", "echo '[ERROR] Could not resolve dependencies: org.apache.spark:spark-core_2.13:jar:4.0.1'\n"
                + "exit 1\n");
        Result r = run("0", "sweep", "--executor", "spark");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("[ERROR] Could not resolve dependencies"), r.err());
        assertTrue(r.err().contains("--executor spark needs this Spark build"), r.err());
        assertTrue(r.err().contains("leave out --executor spark"), r.err());
    }
}
