package org.flatlens.experiments;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.flatlens.train.RunState;
import org.flatlens.train.Trainer;

/**
 * A stop request (SIGINT/SIGTERM during a sweep) reaching the trainers that run in this process: each checkpoints
 * its current step and returns, and runs not yet started are not started. Safe to use from several threads.
 */
public final class StopSignal {
    private final Set<Trainer> active = ConcurrentHashMap.newKeySet();
    private volatile boolean requested;

    /** Stops the running trainers after their current step, and every trainer started later at once. */
    public void request() {
        requested = true;
        for (Trainer t : active) t.requestStop();
    }

    public boolean requested() {
        return requested;
    }

    /** Runs {@code trainer}, stopping it if a stop is requested while it runs (or was before it started). */
    RunState run(Trainer trainer) {
        active.add(trainer);
        try {
            if (requested) trainer.requestStop(); // a stop that came while the run was being set up
            return trainer.run();
        } finally {
            active.remove(trainer);
        }
    }
}
