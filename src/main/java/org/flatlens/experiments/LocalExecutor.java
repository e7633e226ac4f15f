package org.flatlens.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs up to {@code parallelism} runs at a time on threads of this process, each in its published folder. The tensor
 * kernels already spread one run over the cores, so 1 or 2 is the useful range on a small machine; results do not
 * depend on it.
 */
public final class LocalExecutor implements RunExecutor {
    private final int parallelism;
    private final StopSignal stop = new StopSignal();

    public LocalExecutor(int parallelism) {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        this.parallelism = parallelism;
    }

    @Override
    public List<RunResult> execute(List<RunSpec> specs, RunTask task, SweepListener listener) {
        AtomicInteger started = new AtomicInteger();
        java.util.function.Function<RunSpec, RunResult> worker = spec -> {
            listener.onRunStart(spec, started.getAndIncrement(), specs.size());
            RunResult r = task.run(spec, task.runDir(spec), listener, stop);
            listener.onRunEnd(spec, r);
            return r;
        };
        if (parallelism == 1) return specs.stream().map(worker).toList();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "flatlens-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RunResult>> futures = new ArrayList<>();
            for (RunSpec s : specs) futures.add(pool.submit(() -> worker.apply(s)));
            List<RunResult> out = new ArrayList<>();
            for (Future<RunResult> f : futures) out.add(get(f));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void requestStop() {
        stop.request();
    }

    private static RunResult get(Future<RunResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for runs", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }
}
