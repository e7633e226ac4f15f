package org.flatlens.tensor.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The threads behind {@link Parallel}: {@code parallelism − 1} daemon workers plus the calling thread, which runs tasks
 * too instead of blocking. Tasks are claimed from a counter, so a call whose workers are slow to wake is simply done
 * by the caller.
 *
 * <p>Made for many short calls (a training step runs dozens of kernels of 50–200 µs): waking a parked thread takes a
 * futex call and, under a hypervisor, an interprocessor interrupt, so workers spin for {@link #SPIN_NANOS} after a call
 * before they park, and so does a caller waiting for the last task. Never longer: other processes share the cores.
 *
 * <p>One call at a time. A call made while another is running — nested in a task, or from a second outside thread —
 * runs all its tasks on its own thread; since every task is a fixed piece of work, that changes only who computes it.
 */
final class WorkerPool {
    /**
     * How long an idle worker, or a caller waiting for the last task, spins before parking: 50 µs unless the system
     * property {@code flatlens.spinMicros} says otherwise (0 parks at once).
     */
    static final long SPIN_NANOS = Long.getLong("flatlens.spinMicros", 50) * 1000;

    private final int parallelism;
    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The latest call; workers compare it with the last one they took part in. */
    private volatile Job job;
    private volatile boolean shutdown;

    /** A pool of {@code parallelism − 1} worker threads (none for 1). */
    WorkerPool(int parallelism) {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be ≥ 1: " + parallelism);
        this.parallelism = parallelism;
        workers = new Worker[parallelism - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker("flatlens-worker-" + i);
            workers[i].start();
        }
    }

    /** Threads that run a call's tasks, the caller included. */
    int parallelism() {
        return parallelism;
    }

    /**
     * Runs {@code task.accept(t)} once for every {@code t < tasks} and returns when all have finished. The first
     * exception a task throws is rethrown here, after the other tasks have run.
     */
    void run(int tasks, IntConsumer task) {
        if (tasks <= 0) return;
        if (tasks == 1 || workers.length == 0 || shutdown || !busy.compareAndSet(false, true)) {
            for (int t = 0; t < tasks; t++) task.accept(t);
            return;
        }
        Job j = new Job(task, tasks);
        try {
            job = j;
            for (int i = 0, wake = Math.min(workers.length, tasks - 1); i < wake; i++) {
                if (workers[i].parked) LockSupport.unpark(workers[i]);
            }
            j.work();
            j.await();
            j.task = null;
        } finally {
            busy.set(false);
        }
        Throwable f = j.failure;
        if (f instanceof RuntimeException e) throw e;
        if (f instanceof Error e) throw e;
        if (f != null) throw new IllegalStateException(f);
    }

    /** Stops the workers once they are idle; later calls run on the caller. */
    void shutdown() {
        shutdown = true;
        for (Worker w : workers) LockSupport.unpark(w);
    }

    private static final class Job {
        private static final VarHandle NEXT, PENDING;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                NEXT = l.findVarHandle(Job.class, "next", int.class);
                PENDING = l.findVarHandle(Job.class, "pending", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Cleared once the call has returned, so the pool does not keep the call's arrays reachable. */
        IntConsumer task;
        final int tasks;
        @SuppressWarnings("unused") private volatile int next;
        private volatile int pending;
        private volatile Thread waiter;
        volatile Throwable failure;

        Job(IntConsumer task, int tasks) {
            this.task = task;
            this.tasks = tasks;
            this.pending = tasks;
        }

        /** Claims and runs tasks until none is left. */
        void work() {
            for (int t; (t = (int) NEXT.getAndAdd(this, 1)) < tasks; ) {
                try {
                    task.accept(t);
                } catch (Throwable e) {
                    if (failure == null) failure = e;
                }
                if ((int) PENDING.getAndAdd(this, -1) == 1) {
                    Thread w = waiter;
                    if (w != null) LockSupport.unpark(w);
                }
            }
        }

        /** Waits for the tasks other threads claimed: spins briefly, then parks until the last one unparks it. */
        void await() {
            if (pending == 0) return;
            long start = System.nanoTime();
            while (pending != 0 && System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
            if (pending == 0) return;
            waiter = Thread.currentThread();
            while (pending != 0) LockSupport.park(this);
        }
    }

    private final class Worker extends Thread {
        /** Set before parking, so a caller unparks only a worker that may be asleep. */
        volatile boolean parked;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            Job seen = null;
            while (!shutdown) {
                Job j = job;
                if (j != seen) {
                    seen = j;
                    j.work();
                    continue;
                }
                long start = System.nanoTime();
                while (job == seen && !shutdown && System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
                while (job == seen && !shutdown) {
                    parked = true;
                    if (job == seen && !shutdown) LockSupport.park(WorkerPool.this);
                    parked = false;
                }
            }
        }
    }
}
