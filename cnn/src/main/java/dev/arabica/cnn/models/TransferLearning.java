package dev.arabica.cnn.models;

import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.StateDictException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Transfer learning: reuse a trained network's backbone under a new classifier head, and train only
 * the head. The head is replaced with {@link dev.arabica.nn.Module#setSubmodule} (PyTorch's
 * {@code model.fc = nn.Linear(512, numNewClasses)}):
 *
 * <pre>{@code
 * ResNet model = ResNet.resnet18(1000);                                  // torchvision's layout
 * model.loadStateDict(TensorFiles.readSafetensors(imagenetWeights));     // the pretrained weights
 * model.setSubmodule("fc", new Linear(512, numNewClasses));              // a new head
 * List<Tensor> head = TransferLearning.freezeAllExcept(model, "fc");     // backbone frozen
 * Optimizer<?> opt = new Adam(head, 1e-3);
 * model.eval();  // feature extraction: batch norm keeps its pretrained statistics (the head has no mode)
 * }</pre>
 * Equivalently, build the model with the new head and copy everything else with
 * {@link #loadBackbone} (the same parameters, bit for bit).
 *
 * <p>Frozen parameters get no gradient, so backpropagation stops at the head and the backbone's
 * parameters stay bitwise unchanged. Batch-norm running statistics are buffers, not parameters:
 * they keep updating in training mode, so train a frozen backbone in eval mode (as Keras'
 * {@code base_model(x, training=False)}) unless adapting them is wanted.
 */
public final class TransferLearning {
    private TransferLearning() {}

    /**
     * Copies every entry of {@code pretrained} into {@code model} except those under the given head
     * prefixes (a prefix {@code "fc"} covers {@code fc.weight} and {@code fc.bias}; {@code "classifier.6"}
     * covers {@code classifier.6.*}). Strict for everything else: the remaining keys of the two must
     * match exactly, with equal shapes; nothing is modified otherwise.
     *
     * @throws StateDictException if a backbone key is missing, unexpected or of another shape
     */
    public static void loadBackbone(Module model, Map<String, Tensor> pretrained, String... headPrefixes) {
        Map<String, Tensor> own = new LinkedHashMap<>(model.namedParameters());
        own.putAll(model.namedBuffers());
        Map<String, Tensor> source = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : pretrained.entrySet()) {
            if (isHead(e.getKey(), headPrefixes)) continue;
            Tensor mine = own.get(e.getKey());
            if (mine == null) {
                unexpected.add(e.getKey());
            } else if (!java.util.Arrays.equals(mine.shape(), e.getValue().shape())) {
                mismatched.add(e.getKey() + ": checkpoint " + Shape.format(e.getValue().shape()) + " vs model " + Shape.format(mine.shape()));
            }
            source.put(e.getKey(), e.getValue());
        }
        for (String k : own.keySet()) if (!isHead(k, headPrefixes) && !pretrained.containsKey(k)) missing.add(k);
        Module.LoadResult check = new Module.LoadResult(missing, unexpected, mismatched);
        if (!check.isClean()) throw new StateDictException(model.getClass().getSimpleName() + " backbone", check);
        model.loadStateDict(source, false); // checked above: loads every backbone entry, leaves the head as it is
    }

    /**
     * Freezes every parameter of {@code model} except those of the sub-modules at the given paths
     * (as in {@link Module#namedModules()}), which are unfrozen; returns the trainable parameters,
     * the list to give an optimizer.
     *
     * @throws IllegalArgumentException if a path names no sub-module
     */
    public static List<Tensor> freezeAllExcept(Module model, String... heads) {
        Map<String, Module> modules = model.namedModules();
        for (String h : heads) {
            if (!modules.containsKey(h)) throw new IllegalArgumentException("freezeAllExcept: " + model.getClass().getSimpleName()
                    + " has no sub-module '" + h + "'");
        }
        model.requiresGrad_(false);
        for (String h : heads) modules.get(h).requiresGrad_(true);
        return model.trainableParameters();
    }

    private static boolean isHead(String key, String[] prefixes) {
        for (String p : prefixes) if (key.equals(p) || key.startsWith(p + ".")) return true;
        return false;
    }
}
