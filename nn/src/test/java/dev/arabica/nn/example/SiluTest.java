package dev.arabica.nn.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.GradCheck;
import dev.arabica.core.Tensor;
import dev.arabica.core.golden.GoldenRunner;
import dev.arabica.core.io.TensorFiles;
import dev.arabica.core.kernels.Parallel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The worked example of docs/adding-an-op.md: SiLU written outside core, checked four ways. */
class SiluTest {

    // golden-start
    // One case in the golden format (../shared/golden/README.md), values computed by PyTorch 1.13
    // in float64 (src/test/python/make_silu_case.py prints them): torch.nn.functional.silu(x),
    // backward with upstream gout.
    static final float[] X = {0.0f, -20.0f, 20.0f, 1.7052937746047974f, -3.2535672187805176f, -4.195786476135254f,
        1.21004056930542f, 2.5140790939331055f, -2.1577727794647217f, -1.2100305557250977f, -1.7899060249328613f,
        0.5461094379425049f, -2.570023775100708f, 3.3018126487731934f, -3.21356201171875f};
    static final float[] GOUT = {0.1227012425661087f, -0.5663174986839294f, 0.3731146454811096f, -0.8919953107833862f,
        -1.5091077089309692f, 0.3703935444355011f, 1.4565025568008423f, 0.9398099184036255f, 0.7748488187789917f,
        0.19186942279338837f, 1.2637947797775269f, -1.2904350757598877f, -0.7911027073860168f, -0.02087947353720665f,
        -0.7184800505638123f};
    static final float[] OUT = {0.0f, -4.122307117881974e-08f, 20.0f, 1.4430619478225708f, -0.12102917581796646f,
        -0.06224654242396355f, 0.9321016669273376f, 2.3258321285247803f, -0.2235606163740158f, -0.27793875336647034f,
        -0.256107360124588f, 0.34581422805786133f, -0.18271002173423767f, 3.184568405151367f, -0.12423160672187805f};
    static final float[] GRAD_X = {0.06135062128305435f, 2.2178079817081198e-08f, 0.3731146454811096f,
        -0.9527686834335327f, 0.11971465498209f, -0.017218705266714096f, 1.433787226676941f, 1.0331089496612549f,
        -0.0749984160065651f, 0.002992820693179965f, -0.09652634710073471f, -0.9808157086372375f, 0.07802481949329376f,
        -0.02249913476407528f, 0.05803196132183075f};

    @TestFactory
    Stream<DynamicNode> goldenCase(@TempDir Path dir) throws IOException {
        Path c = Files.createDirectories(dir.resolve("silu_3x5"));
        TensorFiles.writeNpy(c.resolve("x.npy"), Tensor.of(X, 3, 5));
        TensorFiles.writeNpy(c.resolve("gout.npy"), Tensor.of(GOUT, 3, 5));
        TensorFiles.writeNpy(c.resolve("out.npy"), Tensor.of(OUT, 3, 5));
        TensorFiles.writeNpy(c.resolve("grad_x.npy"), Tensor.of(GRAD_X, 3, 5));
        Files.writeString(c.resolve("case.json"), """
                {"id": "silu_3x5", "op": "silu", "family": "activation", "attrs": {}, "inputs": ["x"],
                 "views": {}, "requires_grad": ["x"], "outputs": ["out"], "upstream": "gout",
                 "upstream_map": {"out": "gout"}, "grads": {"x": "grad_x"}, "rtol": 0.0001, "atol": 1e-05}
                """, StandardCharsets.UTF_8);
        return GoldenRunner.suite(dir, "nn-example", (family, op) -> op.equals("silu"),
                Map.of("silu", k -> Map.of("out", Silu.silu(k.arg(0)))));
    }
    // golden-end

    // gradcheck-start
    @Test
    void gradientsMatchCentralDifferences() {
        Generator gen = new Generator(1);
        Tensor x = Tensor.randn(gen, 4, 7).mul(3f).requiresGrad_(true);
        GradCheck.assertGradients(in -> Silu.silu(in[0]), x);
        Tensor base = Tensor.randn(gen, 6, 5).requiresGrad_(true);   // a non-contiguous view too
        GradCheck.assertGradients(in -> Silu.silu(in[0].t().slice(0, 1, 5)), base);
    }
    // gradcheck-end

    @Test
    void matchesTheCompositeAndIgnoresTheThreadCount() {
        Generator gen = new Generator(2);
        Tensor x = Tensor.randn(gen, 200, 701).requiresGrad_(true); // several parallel blocks
        Tensor g = Tensor.randn(gen, 200, 701);
        List<float[]> results = new ArrayList<>();
        for (int threads : new int[] {1, 2, 3}) {
            x.zeroGrad();
            Tensor y = Parallel.withThreads(threads, () -> Silu.silu(x));
            Parallel.withThreads(threads, () -> y.backward(g));
            results.add(y.toFloatArray());
            results.add(x.grad().toFloatArray());
        }
        for (int i = 2; i < results.size(); i++) assertArrayEquals(results.get(i % 2), results.get(i));
        Tensor composite = x.detach().mul(x.detach().sigmoid());
        assertTrue(Tensor.of(results.get(0), 200, 701).allClose(composite, 1e-5f, 1e-6f));
    }

    @Test
    void rejectsIntegerInput() {
        var e = assertThrows(IllegalArgumentException.class, () -> Silu.silu(Tensor.ofLongs(new long[] {1, 2}, 2)));
        assertEquals("silu: expected a float32 tensor, got int64 of shape [2]", e.getMessage());
    }

    /** Every java block of docs/adding-an-op.md appears verbatim (indentation aside) in this example's sources. */
    @Test
    void theDocumentQuotesThisCode() throws IOException {
        Path doc = locate("docs/adding-an-op.md");
        String sources = normalize(Files.readString(locate("nn/src/test/java/dev/arabica/nn/example/Silu.java"))
                + Files.readString(locate("nn/src/test/java/dev/arabica/nn/example/SiluTest.java")));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(doc));
        int blocks = 0;
        while (m.find()) {
            blocks++;
            String block = normalize(m.group(1));
            assertTrue(sources.contains(block), "docs/adding-an-op.md quotes code that is not in the example:\n" + m.group(1));
        }
        assertFalse(blocks < 3, "expected the op, its golden case and its gradient check quoted, found " + blocks + " blocks");
    }

    private static String normalize(String code) {
        StringBuilder sb = new StringBuilder();
        for (String line : code.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty()) sb.append(t).append('\n');
        }
        return sb.toString();
    }

    /** A project file, from the module directory (Surefire's working directory) or the root. */
    private static Path locate(String relative) {
        for (Path p : new Path[] {Path.of("..", relative), Path.of(relative)}) {
            if (Files.exists(p)) return p;
        }
        throw new AssertionError(relative + " not found from " + Path.of("").toAbsolutePath());
    }
}
