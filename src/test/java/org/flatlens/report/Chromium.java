package org.flatlens.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs Debian's headless Chromium on a local file (no network, fresh profile). */
final class Chromium {
    record Result(int exitCode, String stdout, String stderr) {}

    private Chromium() {}

    /** The chromium executable on PATH, if any. */
    static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Runs chromium with the isolation flags plus {@code extra}, on {@code page}. */
    static Result run(Path exe, Path profile, Path page, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        cmd.add(page.toUri().toString());
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Path err = Files.createTempFile(profile.getParent(), "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 120 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
