package org.flatlens.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link WorkerPool}: every task runs once, nested and concurrent calls complete, failures reach the caller. */
class WorkerPoolTest {
    private static WorkerPool pool;

    @BeforeAll
    static void start() {
        pool = new WorkerPool(3);
    }

    @AfterAll
    static void stop() {
        pool.shutdown();
    }

    @Test
    void everyTaskRunsExactlyOnceInManyCalls() {
        for (int call = 0; call < 2000; call++) {
            int tasks = 1 + call % 37;
            AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
            pool.run(tasks, runs::incrementAndGet);
            for (int t = 0; t < tasks; t++) assertEquals(1, runs.get(t), "call " + call + " task " + t);
        }
    }

    @Test
    void nestedCallsRunOnTheirThread() {
        AtomicIntegerArray runs = new AtomicIntegerArray(8 * 5);
        pool.run(8, outer -> pool.run(5, inner -> runs.incrementAndGet(outer * 5 + inner)));
        for (int i = 0; i < runs.length(); i++) assertEquals(1, runs.get(i));
    }

    @Test
    void callsFromSeveralThreadsComplete() throws InterruptedException {
        int callers = 4;
        AtomicIntegerArray runs = new AtomicIntegerArray(callers * 16);
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int base = c * 16;
            threads[c] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int rep = 0; rep < 200; rep++) pool.run(16, t -> runs.incrementAndGet(base + t));
            });
            threads[c].start();
        }
        start.countDown();
        for (Thread t : threads) t.join();
        for (int i = 0; i < runs.length(); i++) assertEquals(200, runs.get(i));
    }

    @Test
    void aTaskFailureReachesTheCallerAfterTheOtherTasks() {
        AtomicIntegerArray runs = new AtomicIntegerArray(10);
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        IllegalArgumentException got = assertThrows(IllegalArgumentException.class, () -> pool.run(10, t -> {
            runs.incrementAndGet(t);
            if (t == 3) throw boom;
        }));
        assertSame(boom, got);
        for (int t = 0; t < 10; t++) assertEquals(1, runs.get(t));
        // The pool is usable afterwards.
        AtomicIntegerArray again = new AtomicIntegerArray(4);
        pool.run(4, again::incrementAndGet);
        for (int t = 0; t < 4; t++) assertEquals(1, again.get(t));
    }
}
