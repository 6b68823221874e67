package dev.cadenza.trainer;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.runtime.corpus.CorpusReader;
import dev.cadenza.trainer.lstm.StepProducts;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;

/**
 * Times training steps of a preset in isolation (no validation, no checkpoints): data preparation, {@code fit} and
 * garbage collection per batch, medians after warm-up; with {@code profile} also ND4J's per-op time table. Not a
 * test (no assertions, no speed goals); run by hand, see docs/training.md:
 *
 * <pre>java -cp trainer/target/test-classes:trainer/target/classes:runtime/target/classes:$(cat cli/target/launcher.classpath) \
 *     dev.cadenza.trainer.TrainingStepBench [batch=32] [threads=1] [blas=N] [steps=20] [warmup=5] [profile]</pre>
 *
 * <p>{@code compare=32,128 [workspace=ENABLED,NONE] [threads=1,2] [helpers=on,off] [lstm=fused,dl4j,fused1,fusedblas] [rounds=5] [steps=3]}
 * builds one network per batch size, workspace mode, thread count, helper setting (libnd4j's platform helpers, i.e.
 * oneDNN in an {@code -onednn} build) and LSTM path ({@link FusedLstmHelper} or DL4J's own) and interleaves them: every round trains {@code steps} batches on each in turn, so a change in the
 * machine's load hits all of them alike. It prints process CPU time per predicted token (all threads; much less
 * sensitive to other jobs than wall time), wall tokens/s, and each configuration's ratio to the first one within
 * the same round, as medians over rounds.
 */
public final class TrainingStepBench {
    private TrainingStepBench() {
    }

    public static void main(String[] args) throws Exception {
        int batch = 32;
        int threads = 1;
        int steps = 20;
        int warmup = 5;
        boolean profile = false;
        boolean gemm = false;
        String preset = "small";
        String compare = null;
        String workspaces = "ENABLED";
        int rounds = 5;
        int blasThreads = 0;
        String threadList = null;
        String helperList = "on";
        String lstmList = "fused";
        int elementwise = 0;
        int tad = 0;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "batch" -> batch = Integer.parseInt(kv[1]);
                case "threads" -> {
                    threadList = kv[1];
                    threads = Integer.parseInt(kv[1].split(",")[0]);
                }
                case "helpers" -> helperList = kv[1];
                case "lstm" -> lstmList = kv[1];
                case "elementwise" -> elementwise = Integer.parseInt(kv[1]);
                case "tad" -> tad = Integer.parseInt(kv[1]);
                case "steps" -> steps = Integer.parseInt(kv[1]);
                case "warmup" -> warmup = Integer.parseInt(kv[1]);
                case "preset" -> preset = kv[1];
                case "profile" -> profile = true;
                case "gemm" -> gemm = true;
                case "compare" -> compare = kv[1];
                case "workspace" -> workspaces = kv[1];
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                case "blas" -> blasThreads = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        TrainingSession.applyThreads(threads);
        // blas=N: OpenBLAS's own pool apart from ND4J's OpenMP threads (threads=), to try other splits of the two
        if (blasThreads > 0) Nd4j.factory().blas().setMaxThreads(blasThreads);
        // elementwise=N, tad=N: libnd4j splits an op over its threads only above these sizes (elements, sub-arrays)
        if (elementwise > 0) Nd4j.getEnvironment().setElementwiseThreshold(elementwise);
        if (tad > 0) Nd4j.getEnvironment().setTadThreshold(tad);
        System.out.printf("libnd4j thresholds: elementwise %d, tad %d%n", Nd4j.getEnvironment().elementwiseThreshold(),
                Nd4j.getEnvironment().tadThreshold());
        if (compare != null) {
            compare(preset, compare, workspaces, threadList == null ? String.valueOf(threads) : threadList, helperList,
                    lstmList, blasThreads, rounds, steps, warmup);
            return;
        }
        if (gemm) {
            gemmProbe(batch);
            return;
        }
        TrainingSettings s = Presets.byName(preset);
        Corpus corpus = new CorpusReader().read(Path.of(s.corpus()));
        TrainingData data = TrainingData.prepare(corpus, s);
        int vocab = data.vocabulary().size();
        Windows windows = new Windows(data.trainStreams(), s.window(), s.stride(), vocab, s.mode());
        MultiLayerNetwork network = NetworkFactory.build(s.shape(vocab), s.seed(), s.updaterConfig(), s.clip());
        if (lstmList.split(",")[0].equals("fused")) FusedLstmHelper.install(network, threads);
        List<Windows.Window> order = windows.epochOrder(s.seed(), 0);

        double[] prep = new double[steps];
        double[] fit = new double[steps];
        double[] cpu = new double[steps];
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long gcBefore = 0;
        long gcMillisBefore = 0;
        for (int i = 0; i < warmup + steps; i++) {
            if (i == warmup) {
                gcBefore = gcCount();
                gcMillisBefore = gcMillis();
                if (profile) {
                    Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
                    OpProfiler.getInstance().reset();
                }
            }
            int from = (i * batch) % Math.max(1, order.size() - batch);
            List<Windows.Window> part = order.subList(from, from + batch);
            long t0 = System.nanoTime();
            DataSet ds = windows.batch(part, i);
            long t1 = System.nanoTime();
            long c1 = os.getProcessCpuTime();
            network.fit(ds);
            long t2 = System.nanoTime();
            long c2 = os.getProcessCpuTime();
            if (i >= warmup) {
                prep[i - warmup] = (t1 - t0) / 1e6;
                fit[i - warmup] = (t2 - t1) / 1e6;
                cpu[i - warmup] = (c2 - c1) / 1e6;
            }
        }
        long targets = (long) batch * s.window();
        double fitMedian = median(fit);
        double prepMedian = median(prep);
        System.out.printf("preset %s batch %d threads %d: fit %.1f ms wall, %.1f ms CPU (all threads), data %.2f ms per batch (medians of %d); %.0f tokens/s; "
                        + "GC %d collections, %d ms over %d batches; score %.4f; load %s%n",
                preset, batch, threads, fitMedian, median(cpu), prepMedian, steps, targets / ((fitMedian + prepMedian) / 1e3),
                gcCount() - gcBefore, gcMillis() - gcMillisBefore, steps, network.score(),
                java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("fit times (ms): " + Arrays.toString(Arrays.stream(fit).map(Math::round).toArray()));
        if (profile) OpProfiler.getInstance().printOutDashboard();
    }

    private static void compare(String preset, String batches, String workspaces, String threadList, String helperList,
                                String lstmList, int blasThreads, int rounds, int steps, int warmup) throws Exception {
        TrainingSettings s = Presets.byName(preset);
        Corpus corpus = new CorpusReader().read(Path.of(s.corpus()));
        TrainingData data = TrainingData.prepare(corpus, s);
        int vocab = data.vocabulary().size();
        Windows windows = new Windows(data.trainStreams(), s.window(), s.stride(), vocab, s.mode());
        List<Windows.Window> order = windows.epochOrder(s.seed(), 0);
        List<String> names = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<Integer> threadCounts = new ArrayList<>();
        List<Boolean> helpers = new ArrayList<>();
        List<StepProducts> stepProducts = new ArrayList<>();
        List<MultiLayerNetwork> networks = new ArrayList<>();
        for (String b : batches.split(",")) {
            for (String w : workspaces.split(",")) {
                for (String t : threadList.split(",")) {
                    for (String h : helperList.split(",")) for (String lstm : lstmList.split(",")) {
                        MultiLayerNetwork network = NetworkFactory.build(s.shape(vocab), s.seed(), s.updaterConfig(), s.clip());
                        if (lstm.trim().equals("fused")) FusedLstmHelper.install(network, Integer.parseInt(t.trim()));
                        if (lstm.trim().equals("fused1")) FusedLstmHelper.install(network, 1); // one lane, OpenBLAS's threads
                        // the per-step recurrent products by OpenBLAS, as before they were made in Java on packed weights
                        if (lstm.trim().equals("fusedblas")) FusedLstmHelper.install(network, Integer.parseInt(t.trim()));
                        stepProducts.add(lstm.trim().equals("fusedblas") ? StepProducts.OPENBLAS : StepProducts.chosen());
                        WorkspaceMode mode = WorkspaceMode.valueOf(w.trim());
                        network.getLayerWiseConfigurations().setTrainingWorkspaceMode(mode);
                        network.getLayerWiseConfigurations().setInferenceWorkspaceMode(mode);
                        names.add("batch " + b.trim() + " workspace " + mode + " threads " + t.trim() + " helpers " + h.trim()
                                + " lstm " + lstm.trim());
                        sizes.add(Integer.parseInt(b.trim()));
                        threadCounts.add(Integer.parseInt(t.trim()));
                        helpers.add(!h.trim().equals("off"));
                        networks.add(network);
                    }
                }
            }
        }
        int n = networks.size();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[][] cpuPerToken = new double[n][rounds];
        double[][] wallPerToken = new double[n][rounds];
        long[] gcMillis = new long[n];
        int[] next = new int[n];
        String loadStart = loadavg();
        for (int r = -1; r < rounds; r++) {
            for (int c = 0; c < n; c++) {
                int batch = sizes.get(c);
                // threads and helpers are process-wide settings: switch them before each configuration's turn
                TrainingSession.applyThreads(threadCounts.get(c));
                if (blasThreads > 0) Nd4j.factory().blas().setMaxThreads(blasThreads);
                Nd4j.getEnvironment().allowHelpers(helpers.get(c));
                StepProducts.choose(stepProducts.get(c));
                int count = r < 0 ? warmup : steps;
                long tokens = 0;
                long gc0 = gcMillis();
                long w0 = System.nanoTime();
                long c0 = os.getProcessCpuTime();
                for (int i = 0; i < count; i++) {
                    int from = (next[c] * batch) % Math.max(1, order.size() - batch);
                    List<Windows.Window> part = order.subList(from, from + batch);
                    DataSet ds = windows.batch(part, next[c]);
                    // dropout draws from ND4J's one random generator: reseed it per batch, as the trainer does, so that
                    // every configuration sees the same masks and the final scores can be compared
                    Nd4j.getRandom().setSeed(Seeds.mix(s.seed(), 0, next[c]));
                    networks.get(c).fit(ds);
                    tokens += windows.targets(part);
                    next[c]++;
                }
                long c1 = os.getProcessCpuTime();
                long w1 = System.nanoTime();
                if (r >= 0) {
                    cpuPerToken[c][r] = (c1 - c0) / 1e3 / tokens;
                    wallPerToken[c][r] = (w1 - w0) / 1e3 / tokens;
                    gcMillis[c] += gcMillis() - gc0;
                }
            }
            if (r >= 0) System.out.printf("round %d done, load %s%n", r + 1, loadavg());
        }
        System.out.printf("preset %s, blas threads %s, %d rounds x %d batches per configuration after %d warm-up; load %s at start, %s at end%n",
                preset, blasThreads > 0 ? blasThreads : "as threads", rounds, steps, warmup, loadStart, loadavg());
        System.out.println("| configuration | CPU us / token | tokens per CPU-second | wall tokens/s | CPU-time ratio to first | wall ratio to first | GC ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (int c = 0; c < n; c++) {
            double[] cpuRatio = new double[rounds];
            double[] wallRatio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                cpuRatio[r] = cpuPerToken[0][r] / cpuPerToken[c][r];
                wallRatio[r] = wallPerToken[0][r] / wallPerToken[c][r];
            }
            double cpu = median(cpuPerToken[c]);
            double wall = median(wallPerToken[c]);
            System.out.printf("| %s | %.1f | %,.0f | %,.0f | %.2fx | %.2fx | %d |%n", names.get(c), cpu, 1e6 / cpu, 1e6 / wall,
                    median(cpuRatio), median(wallRatio), gcMillis[c]);
        }
        for (int c = 0; c < n; c++) {
            // The same batches in the same order on every build: the scores differ only by rounding if the math is the same
            System.out.printf("score after %d batches, %s: %.6f%n", next[c], names.get(c), networks.get(c).score());
        }
        System.out.println("native build: " + NativeBuild.current());
        System.out.println("CPU us/token by round: " + Arrays.deepToString(Arrays.stream(cpuPerToken)
                .map(a -> Arrays.stream(a).map(v -> Math.round(v * 10) / 10.0).toArray()).toArray()));
    }

    /**
     * The LSTM's per-step product in isolation: {@code [batch, 256] x [256, 1024]} (h times R for the four gates of
     * a 256-unit layer), timed by this thread's CPU time so that other jobs on the machine do not count. Prints
     * which OpenBLAS kernel set is in use ({@code OPENBLAS_CORETYPE} overrides OpenBLAS's CPU detection).
     */
    private static void gemmProbe(int batch) {
        org.nd4j.linalg.api.ndarray.INDArray a = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, 256);
        org.nd4j.linalg.api.ndarray.INDArray b = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 256, 1024);
        org.nd4j.linalg.api.ndarray.INDArray c = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, 1024);
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        int reps = 300;
        double[] gflops = new double[5];
        for (int r = 0; r < 6; r++) {
            long c0 = t.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            long c1 = t.getCurrentThreadCpuTime();
            if (r > 0) gflops[r - 1] = 2.0 * batch * 256 * 1024 * reps / (c1 - c0);
        }
        System.out.printf("gemm [%d,256]x[256,1024]: %.1f GFLOP/s per CPU second (median of 5 x %d); OPENBLAS_CORETYPE=%s; load %s%n",
                batch, median(gflops), reps, System.getenv("OPENBLAS_CORETYPE"), loadavg());
    }

    private static String loadavg() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) n += b.getCollectionCount();
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) n += b.getCollectionTime();
        return n;
    }
}
