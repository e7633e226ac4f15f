package org.flatlens.spark;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.flatlens.experiments.ResultsTables;
import org.flatlens.experiments.RunAttempt;
import org.flatlens.experiments.RunExecutor;
import org.flatlens.experiments.RunResult;
import org.flatlens.experiments.RunSpec;
import org.flatlens.experiments.RunTask;
import org.flatlens.experiments.SweepListener;

/**
 * Runs a sweep's runs as Spark tasks, one run per task: the {@link RunTask} goes to the workers as a broadcast (read
 * once per worker JVM, so its data provider loads each dataset once there), every task is a {@link RunAttempt} that
 * trains in a private folder and publishes {@code runs/<id>/} by atomic rename, and the sweep's folder must be one that
 * the driver and every worker see at the same path. A failed run is thrown back to Spark for another try while tries
 * are left ({@code spark.task.maxFailures}, or F of a {@code local[N,F]} master) and recorded as failed on the last.
 * After the tables, {@code summary.csv} is also written as the Parquet table {@code summary.parquet/}.
 */
public final class SparkExecutor implements RunExecutor {
    /** The master when neither {@code --master} nor spark-submit names one. */
    public static final String DEFAULT_MASTER = "local[*]";
    private static final String JOB_GROUP = "flatlens-sweep";
    private static final Pattern LOCAL_WITH_TRIES = Pattern.compile("local\\[\\s*(?:[0-9]+|\\*)\\s*,\\s*([0-9]+)\\s*]");

    private final SparkSession spark;
    private final JavaSparkContext context;
    private final int tries;
    private volatile List<RunSpec> running = List.of();
    private volatile SweepListener listener = SweepListener.NONE;
    private volatile boolean stopRequested;

    /** @param master a Spark master URL, or null for spark-submit's (else {@link #DEFAULT_MASTER}) */
    public SparkExecutor(String master) {
        SparkConf conf = new SparkConf().setAppName("flatlens sweep");
        if (master != null) conf.setMaster(master);
        else if (!conf.contains("spark.master")) conf.setMaster(DEFAULT_MASTER);
        this.spark = SparkSession.builder().config(conf).getOrCreate();
        this.context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.tries = tries(context.master(), context.getConf());
        context.sc().addSparkListener(new Progress());
    }

    /** How many times Spark runs a task before it gives up: F of {@code local[N,F]}, 1 for other local masters. */
    static int tries(String master, SparkConf conf) {
        Matcher m = LOCAL_WITH_TRIES.matcher(master.trim());
        if (m.matches()) return Math.max(1, Integer.parseInt(m.group(1)));
        if (master.startsWith("local") && !master.startsWith("local-cluster")) return 1;
        return Math.max(1, conf.getInt("spark.task.maxFailures", 4));
    }

    /** Tries per run (see {@link #tries(String, SparkConf)}). */
    public int tries() {
        return tries;
    }

    @Override
    public List<RunResult> execute(List<RunSpec> specs, RunTask task, SweepListener listener) {
        if (specs.isEmpty()) return List.of();
        // Attempt folders left by a driver that was killed: the caller holds the sweep folder's lock, so no task of
        // another sweep can be writing there.
        RunAttempt.deleteTree(RunAttempt.attemptsDir(task.out()));
        Broadcast<RunTask> shared = context.broadcast(task);
        this.running = List.copyOf(specs);
        this.listener = listener;
        try {
            // Interrupting on cancel lets a stop (requestStop) end the tasks of this job group at once.
            context.setJobGroup(JOB_GROUP, "flatlens sweep of " + specs.size() + " runs", true);
            List<RunResult> results;
            try {
                results = context.parallelize(specs, specs.size())
                        .map(new Attempt(shared, tries, context.sc().applicationId())).collect();
            } catch (RuntimeException e) {
                if (!stopRequested) throw e;
                // Stopped: what each run's published folder holds (attempts that were cancelled published nothing).
                results = specs.stream().map(s -> RunTask.unfinished(s, task.runDir(s))).toList();
            }
            for (int i = 0; i < specs.size(); i++) listener.onRunEnd(specs.get(i), results.get(i));
            return results;
        } finally {
            context.clearJobGroup();
            this.running = List.of();
            this.listener = SweepListener.NONE;
            shared.destroy();
            // Orphans of killed attempts (the job is over, so no task of it writes there any more).
            RunAttempt.deleteTree(RunAttempt.attemptsDir(task.out()));
        }
    }

    /**
     * Cancels the sweep's Spark job: runs not published yet resume with the next sweep from their last published
     * state (an attempt's progress since then is lost, unlike the local executor's checkpoint on stop).
     */
    @Override
    public void requestStop() {
        stopRequested = true;
        context.cancelJobGroup(JOB_GROUP);
    }

    @Override
    public void tablesWritten(Path out) {
        SummaryParquet.write(spark, out.resolve(ResultsTables.SUMMARY), out.resolve(SummaryParquet.NAME));
    }

    @Override
    public void close() {
        spark.stop();
    }

    /** One task: one attempt at one run. */
    private record Attempt(Broadcast<RunTask> task, int tries, String application)
            implements Function<RunSpec, RunResult> {
        @Override
        public RunResult call(RunSpec spec) {
            TaskContext c = TaskContext.get();
            String name = application + "-" + c.taskAttemptId();
            return RunAttempt.run(task.value(), spec, name, c.attemptNumber() + 1 >= tries);
        }
    }

    /** Tells the sweep's listener when a run's task starts (again, for a retry), on the driver. */
    private final class Progress extends SparkListener {
        @Override
        public void onTaskStart(SparkListenerTaskStart e) {
            List<RunSpec> specs = running;
            int i = e.taskInfo().partitionId();
            if (i >= 0 && i < specs.size()) listener.onRunStart(specs.get(i), i, specs.size());
        }
    }
}
