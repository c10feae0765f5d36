package dev.arabica.examples.docs;

import dev.arabica.core.Generator;
import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.optim.Adam;

public class QuickStart {
    public static void main(String[] args) {
        Generator.manualSeed(42);   // one seed for the weights and the data: every run gives the same bits
        // A toy task: 2,048 examples of 784 features; the label is the position of the largest of the first 10.
        Tensor x = Tensor.randn(2048, 784);
        Tensor y = x.slice(1, 0, 10).argmax(1);
        DataLoader loader = DataLoader.of(new TensorDataset(x, y)).batchSize(64).shuffle(42);

        Sequential model = new Sequential(
                new Linear(784, 256), new ReLU(),
                new Linear(256, 10));
        Adam optimizer = new Adam(model.parameters(), 1e-3);

        for (int epoch = 0; epoch < 5; epoch++) {
            for (DataLoader.Batch batch : loader) {
                optimizer.zeroGrad();
                Tensor loss = Losses.crossEntropy(model.forward(batch.x()), batch.y());
                loss.backward();
                optimizer.step();
            }
        }

        model.eval();
        try (var noGrad = GradMode.noGrad()) {
            Tensor predicted = model.forward(x).argmax(1);
            System.out.println("training accuracy: " + predicted.eq(y).mean().item());
        }
    }
}
