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
        Generator gen = new Generator(42);
        // A toy task: 2,048 examples of 784 features; the label is the position of the largest of the first 10.
        Tensor x = Tensor.randn(gen, 2048, 784);
        Tensor y = x.slice(1, 0, 10).argmax(1, false);
        TensorDataset train = new TensorDataset(x, y);

        Sequential model = new Sequential(
                new Linear(784, 256, gen), new ReLU(),
                new Linear(256, 10, gen));
        Adam optimizer = new Adam(model.parameters(), Adam.Options.lr(1e-3));

        for (int epoch = 0; epoch < 5; epoch++) {
            for (DataLoader.Batch batch : new DataLoader(train, 64, true, false, gen)) {
                optimizer.zeroGrad();
                Tensor loss = Losses.crossEntropy(model.forward(batch.x()), batch.y());
                loss.backward();
                optimizer.step();
            }
        }

        model.eval();
        try (var noGrad = GradMode.noGrad()) {
            Tensor predicted = model.forward(x).argmax(1, false);
            System.out.println("training accuracy: " + predicted.eq(y).mean().item());
        }
    }
}
