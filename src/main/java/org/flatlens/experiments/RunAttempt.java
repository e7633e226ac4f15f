package org.flatlens.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.flatlens.train.RunDirectory;
import org.flatlens.train.RunState;

/**
 * One attempt at a run by a distributed executor, which may run a task twice (a retry after a lost worker, or a
 * speculative copy beside a slow one). The attempt never writes into the published folder {@code runs/<id>/}: it
 * copies what is there (an unfinished run resumes from its checkpoint as it would locally) into a folder of its own,
 * {@code .attempts/<id>/<attempt>/} beside {@code runs/}, trains there, and publishes by renaming that folder to
 * {@code runs/<id>/}, which is atomic on one file system. So one folder never has two writers, and a killed attempt
 * leaves at most an orphaned private folder.
 *
 * <p>Runs are deterministic, so two attempts that both finish produce the same folder: the first rename wins and the
 * other attempt drops its copy. A run that has ended (finished or diverged) is read, not copied or trained again.
 */
public final class RunAttempt {
    /** The folder beside {@code runs/} that holds the attempts' private folders. */
    public static final String ATTEMPTS = ".attempts";

    /** Thrown for a failed run when the executor will try it again; the last attempt records the failure instead. */
    public static final class RetryableFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RetryableFailure(String message) {
            super(message);
        }
    }

    private RunAttempt() {}

    /**
     * Runs {@code spec} as attempt {@code attempt} (a name unique among the attempts that may run at the same time).
     *
     * @param last whether no further attempt will follow: a failed run is then returned as failed rather than thrown
     * @throws RetryableFailure if the run failed and {@code last} is false (nothing was published)
     */
    public static RunResult run(RunTask task, RunSpec spec, String attempt, boolean last) {
        Path published = task.runDir(spec);
        RunResult ended = RunTask.ended(spec, published);
        if (ended != null) return ended;
        Path mine = attemptsDir(task.out()).resolve(spec.id()).resolve(attempt);
        deleteTree(mine);
        if (Files.isDirectory(published)) copyTree(published, mine);
        RunResult r = task.run(spec, mine, SweepListener.NONE, new StopSignal());
        if (r.status().equals("failed") && !last) {
            deleteTree(mine);
            throw new RetryableFailure("run " + spec.id() + " failed (" + r.error() + "); it will be tried again");
        }
        if (Files.isDirectory(mine)) publish(mine, published, attempt);
        RunResult now = RunTask.ended(spec, published);
        return now != null ? now : r;
    }

    /** The folder of private attempt folders of a sweep in {@code out}. */
    public static Path attemptsDir(Path out) {
        return out.resolve(ATTEMPTS);
    }

    /**
     * Renames {@code mine} to {@code published}. An unfinished run already there (from an earlier sweep) is first moved
     * aside by a rename of its own and deleted after; a run that ended there (another attempt won) stays, and ours
     * is dropped.
     */
    private static void publish(Path mine, Path published, String attempt) {
        try {
            Files.createDirectories(published.getParent());
            if (rename(mine, published)) return;
            Path aside = mine.resolveSibling(attempt + ".replaced");
            if (!hasEnded(published) && rename(published, aside)) {
                boolean ours = rename(mine, published);
                deleteTree(aside);
                if (ours) return;
            }
            deleteTree(mine);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + published + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasEnded(Path dir) {
        RunDirectory run = new RunDirectory(dir);
        try {
            return run.hasState() && run.readState().status() != RunState.Status.RUNNING;
        } catch (RuntimeException e) {
            return false;   // a state.json this attempt cannot read is replaced like an unfinished run
        }
    }

    /** An atomic rename; false if the target exists (a folder that is not empty) or the source is gone. */
    private static boolean rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename " + from + " atomically (the sweep folder must be "
                    + "on one file system)", e);
        } catch (FileSystemException e) {
            // Linux reports a non-empty target folder as a plain FileSystemException ("Directory not empty").
            if (Files.exists(to) || !Files.exists(from)) return false;
            throw e;
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q, StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a folder and what it holds; nothing if it is absent. */
    public static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}
