package dev.arabica.examples.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.cnn.models.ResNet;
import dev.arabica.core.Generator;
import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import dev.arabica.core.golden.SharedFiles;
import dev.arabica.core.io.TensorFiles;
import dev.arabica.nn.Dropout;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.nn.Parameter;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.Splits;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.train.Checkpoint;
import dev.arabica.nn.train.EarlyStopping;
import dev.arabica.nn.train.Evaluation;
import dev.arabica.nn.train.History;
import dev.arabica.nn.train.Metrics;
import dev.arabica.nn.train.ModelFiles;
import dev.arabica.nn.train.Trainer;
import dev.arabica.optim.Adam;
import dev.arabica.optim.SGD;
import dev.arabica.optim.StepLR;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples of docs/user-guide.md, each run (DocSamplesTest checks that the guide quotes them verbatim). */
class DocSamplesUserGuideTest {
    @TempDir
    Path dir;

    @Test
    void tensors() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3); // [[1, 2, 3], [4, 5, 6]]
        Tensor b = Tensor.arange(3);                                 // [0, 1, 2]
        Tensor c = a.add(b);                                         // b is broadcast over the rows
        Tensor rowSums = a.sum(1);                                   // [6, 15]
        Tensor at = a.t();                                           // a [3, 2] view of a's storage
        Tensor gram = a.matmul(at);                                  // [[14, 32], [32, 77]]
        float corner = a.get(1, 2);                                  // 6
        // --- end of sample
        assertArrayEquals(new float[] {1, 3, 5, 4, 6, 8}, c.toFloatArray());
        assertArrayEquals(new float[] {6, 15}, rowSums.toFloatArray());
        assertTrue(at.storage() == a.storage());
        assertArrayEquals(new float[] {14, 32, 32, 77}, gram.toFloatArray());
        assertEquals(6f, corner);
    }

    @Test
    void autograd() {
        Tensor w = Tensor.of(2f, -1f).requiresGrad_(true);
        Tensor x = Tensor.of(3f, 4f);
        Tensor loss = w.mul(x).sum().square();   // (2 * 3 - 1 * 4)^2 = 4
        loss.backward();
        Tensor grad = w.grad();                  // 2 (w . x) x = [12, 16]
        w.zeroGrad();                            // gradients accumulate until cleared
        try (var noGrad = GradMode.noGrad()) {
            Tensor y = w.mul(x);                 // not recorded: y.requiresGrad() is false
        }
        // --- end of sample
        try (var noGrad = GradMode.noGrad()) {
            assertFalse(w.mul(x).requiresGrad());
        }
        assertEquals(4f, loss.item());
        assertArrayEquals(new float[] {12, 16}, grad.toFloatArray());
    }

    static List<TensorDataset> trainDev(Generator gen) {
        Tensor x = Tensor.randn(gen, 1000, 20);
        Tensor y = x.slice(1, 0, 3).argmax(1);                 // 3 classes, int64 labels
        List<TensorDataset> parts = Splits.split(new TensorDataset(x, y), gen, 0.8, 0.2);
        TensorDataset train = parts.get(0), dev = parts.get(1);
        // --- end of sample
        assertEquals(800, train.size());
        assertEquals(200, dev.size());
        return parts;
    }

    @Test
    void datasets() {
        trainDev(new Generator(1));
    }

    @Test
    void sequential() {
        Generator gen = new Generator(0);
        Sequential mlp = new Sequential(
                new Linear(784, 128, gen), new ReLU(), new Dropout(0.2, gen),
                new Linear(128, 10, gen));
        System.out.println(mlp.summary(1, 784));                     // a Keras-style table of layers and shapes
        Set<String> names = mlp.stateDict().keySet();                 // [0.weight, 0.bias, 3.weight, 3.bias]
        // --- end of sample
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias"), List.copyOf(names));
    }

    /** y = x + scale * fc2(relu(fc1(x))): a residual block with a learned scale per feature. */
    static final class Residual extends Module {
        private final Linear fc1, fc2;
        private final Tensor scale;

        Residual(int features, int hidden, Generator gen) {
            fc1 = registerModule("fc1", new Linear(features, hidden, gen));
            fc2 = registerModule("fc2", new Linear(hidden, features, gen));
            scale = registerParameter("scale", Parameter.ones(features));
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.add(fc2.forward(fc1.forward(x).relu()).mul(scale));
        }
    }

    @Test
    void customModule() {
        Generator gen = new Generator(3);
        Residual block = new Residual(16, 64, gen);
        Tensor out = block.forward(Tensor.randn(gen, 8, 16));       // [8, 16]
        Set<String> names = block.stateDict().keySet();             // [scale, fc1.weight, fc1.bias, fc2.weight, fc2.bias]
        // --- end of sample
        assertArrayEquals(new int[] {8, 16}, out.shape());
        assertEquals(List.of("scale", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), List.copyOf(names));
        out.sum().backward();
        assertTrue(block.parameters().stream().allMatch(p -> p.grad() != null));
    }

    @Test
    void plainLoop() {
        Generator gen = new Generator(4);
        List<TensorDataset> parts = trainDev(gen);
        TensorDataset train = parts.get(0), dev = parts.get(1);
        Sequential model = new Sequential(new Linear(20, 64, gen), new ReLU(), new Linear(64, 3, gen));
        SGD optimizer = new SGD(model.parameters(), SGD.Options.lr(0.1).withMomentum(0.9));
        StepLR scheduler = new StepLR(optimizer, 10, 0.5);            // halve the rate every 10 epochs
        List<Float> devLosses = new ArrayList<>();
        for (int epoch = 0; epoch < 20; epoch++) {
            model.train();
            for (DataLoader.Batch batch : DataLoader.of(train).batchSize(32).shuffle(gen)) {
                optimizer.zeroGrad();
                Tensor loss = Losses.crossEntropy(model.forward(batch.x()), batch.y());
                loss.backward();
                optimizer.step();
            }
            scheduler.step();
            model.eval();
            try (var noGrad = GradMode.noGrad()) {
                devLosses.add(Losses.crossEntropy(model.forward(dev.x()), dev.y()).item());
            }
        }
        // --- end of sample
        assertEquals(0.025, optimizer.lr(), 1e-12);
        assertTrue(devLosses.get(19) < devLosses.get(0) * 0.5, devLosses.toString());
    }

    @Test
    void trainerAndFiles() throws IOException {
        Generator gen = new Generator(5);
        List<TensorDataset> parts = trainDev(gen);
        TensorDataset train = parts.get(0), dev = parts.get(1);
        Sequential model = new Sequential(new Linear(20, 64, gen), new ReLU(), new Linear(64, 3, gen));
        Trainer trainer = new Trainer(model, Losses::crossEntropy, new Adam(model.parameters()))
                .metrics(Metrics.accuracy())
                .callbacks(new EarlyStopping("dev_loss", 3));
        History history = trainer.fit(DataLoader.of(train).batchSize(32).shuffle(gen), DataLoader.of(dev).batchSize(256), 20);
        double devAccuracy = history.last().get("dev_accuracy");
        Tensor predicted = trainer.predict(dev.x()).argmax(1);   // eval mode, no graph
        // --- end of sample
        assertTrue(devAccuracy > 0.8, history.toString());
        assertArrayEquals(new int[] {200}, predicted.shape());

        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(model, file);
        Sequential copy = new Sequential(new Linear(20, 64, gen), new ReLU(), new Linear(64, 3, gen));
        ModelFiles.load(copy, file);                                 // strict: the same names and shapes
        // --- end of sample
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), copy.stateDict().get(e.getKey()).toFloatArray(), e.getKey());
        }

        trainer.saveCheckpoint(dir.resolve("run.ckpt"));
        // ... later, maybe in another process: the same model, optimizer and callbacks, then
        Sequential model2 = new Sequential(new Linear(20, 64, gen), new ReLU(), new Linear(64, 3, gen));
        Trainer resumed = new Trainer(model2, Losses::crossEntropy, new Adam(model2.parameters()))
                .metrics(Metrics.accuracy())
                .callbacks(new EarlyStopping("dev_loss", 3));
        resumed.resume(dir.resolve("run.ckpt"));                     // weights, Adam's moments, epoch, history
        resumed.fit(DataLoader.of(train).batchSize(32).shuffle(gen), DataLoader.of(dev).batchSize(256), 25);
        // --- end of sample
        assertTrue(resumed.epoch() > trainer.epoch() || resumed.isStopRequested());
        assertEquals(history.get("loss").subList(0, trainer.epoch()), resumed.history().get("loss").subList(0, trainer.epoch()));
    }

    @Test
    void checkpointInAPlainLoop() throws IOException {
        Generator gen = new Generator(6);
        Sequential model = new Sequential(new Linear(20, 8, gen), new ReLU(), new Linear(8, 3, gen));
        SGD optimizer = new SGD(model.parameters(), SGD.Options.lr(0.1).withMomentum(0.9));
        StepLR scheduler = new StepLR(optimizer, 10, 0.5);
        long epoch = 12;
        Path file = dir.resolve("epoch-12.ckpt");
        Checkpoint.of(model, optimizer, scheduler, epoch).save(file);
        // ... to resume:
        Checkpoint c = Checkpoint.load(file);
        c.restore(model, optimizer, scheduler);
        long firstEpoch = c.epoch();                                 // 12: continue the loop from there
        // --- end of sample
        assertEquals(12, firstEpoch);
    }

    @Test
    void npy() throws IOException {
        Tensor x = Tensor.randn(new Generator(7), 4, 3);
        TensorFiles.writeNpy(dir.resolve("x.npy"), x);                // numpy.load("x.npy") reads it
        Tensor back = TensorFiles.readNpy(dir.resolve("x.npy"));      // float32 and int64 arrays, any shape
        // --- end of sample
        assertArrayEquals(x.toFloatArray(), back.toFloatArray());
    }

    @Test
    void loadTorchvisionResNet18() throws IOException {
        Path weights = SharedFiles.require(SharedFiles.modelsDir().resolve("resnet18.safetensors"), "torchvision's resnet18");
        Tensor images = TensorFiles.readNpy(SharedFiles.modelsDir().resolve("resnet18_input.npy")).slice(0, 0, 1);
        ResNet resnet = ResNet.resnet18(1000, new Generator(0));
        ModelFiles.load(resnet, weights);                    // torchvision's state_dict(), saved as safetensors
        Tensor logits = Evaluation.predict(resnet, images);  // eval mode, no graph: [N, 1000], as torchvision's model
        // --- end of sample
        Tensor expected = TensorFiles.readNpy(SharedFiles.modelsDir().resolve("resnet18_logits.npy")).slice(0, 0, 1);
        assertTrue(logits.allClose(expected, 1e-4f, 1e-4f));
        assertFalse(logits.requiresGrad());
    }

    @Test
    void concurrentPredictions() throws Exception {
        Generator gen = new Generator(8);
        Sequential model = new Sequential(new Linear(20, 64, gen), new ReLU(), new Linear(64, 3, gen));
        List<Tensor> requests = new ArrayList<>();
        for (int i = 0; i < 16; i++) requests.add(Tensor.randn(gen, 1 + i, 20));
        model.eval();                                   // then never train() it while it serves
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Tensor>> answers = new ArrayList<>();
        for (Tensor request : requests) {
            answers.add(pool.submit(() -> {
                try (var noGrad = GradMode.noGrad()) {  // per thread
                    return model.forward(request);
                }
            }));
        }
        // --- end of sample
        try {
            for (int i = 0; i < requests.size(); i++) {
                try (var noGrad = GradMode.noGrad()) {
                    assertArrayEquals(model.forward(requests.get(i)).toFloatArray(), answers.get(i).get().toFloatArray());
                }
            }
        } finally {
            pool.shutdown();
        }
    }
}
