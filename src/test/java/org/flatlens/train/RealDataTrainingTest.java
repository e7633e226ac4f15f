package org.flatlens.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flatlens.data.DataDirs;
import org.flatlens.data.Dataset;
import org.flatlens.data.DatasetLoader;
import org.flatlens.data.DatasetName;
import org.flatlens.data.Split;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run of plain SGD with MSE on real FashionMNIST, classes 0 and 1, reaches interpolation (100% training
 * accuracy), as the paper's runs do. Skipped when the files have not been fetched ({@code flatlens data fetch
 * fashion-mnist}; CI fetches them for the demo).
 */
class RealDataTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void reachesInterpolationOnTwoFashionMnistClasses() {
        Path dir = DataDirs.forDataset(DatasetName.FASHION_MNIST, null);
        assumeTrue(Files.isRegularFile(dir.resolve("train-images-idx3-ubyte"))
                || Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz")),
                "FashionMNIST is not in " + dir + "; run './flatlens data fetch fashion-mnist' to test it");
        Dataset train = DatasetLoader.load(DatasetName.FASHION_MNIST, Split.TRAIN, dir).classSubset(0, 1).first(200);
        Dataset test = DatasetLoader.load(DatasetName.FASHION_MNIST, Split.TEST, dir).classSubset(0, 1).first(200);
        ModelSpec spec = new ModelSpec("mlp", Map.of("widths", List.of(64, 64)), new int[] {1, 28, 28}, 2);
        TrainConfig cfg = new TrainConfig(spec, "fashion-mnist", new int[] {0, 1}, 200, 200, LossKind.MSE, 0.1, 0, 0,
                8, 1000, 0, 1000, 100);
        RunState s = new Trainer(cfg, train, test, new RunDirectory(tmp.resolve("run")), TrainListener.NONE).run();
        assertEquals(RunState.Status.FINISHED, s.status());
        assertTrue(s.interpolationStep() > 0, "no interpolation within 1000 steps");
    }
}
