package dev.arabica.rnn.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.rnn.attention.AttentionMask;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whole-layer cross-checks against PyTorch 1.13: a {@code TransformerEncoderLayer} (post-norm,
 * ReLU, batch first, key padding), a {@code TransformerDecoderLayer} (pre-norm, GELU, sequence
 * first, causal target mask, memory padding) and a 2+2-layer {@code nn.Transformer} with every kind
 * of mask, forward and backward. Weights and inputs are closed-form functions of their position
 * (the same formulas in {@code rnn/src/test/python/transformer_reference.py}), filled in
 * {@code stateDict} order, so the test also proves that the parameter names and their order are
 * PyTorch's. Outputs and input gradients are compared element by element; each parameter gradient
 * through the checksum {@code sum_i grad[i] cos(0.3 i)}.
 */
class TransformerReferenceTest {
    static final double RTOL = 1e-3;
    /** Absolute slack relative to the largest expected magnitude (float32 against float64 through several layers). */
    static final double ATOL_FRACTION = 1e-4;

    @Test
    void encoderLayerMatchesPyTorch() {
        TransformerEncoderLayer enc = new TransformerEncoderLayer(8, 2, TransformerOptions.defaults().withDimFeedforward(16)
                .withDropout(0.0).withBatchFirst(true), new dev.arabica.core.Generator(1));
        fillParams(enc, ENC_KEYS);
        Tensor src = fill(new int[] {2, 5, 8}, 0.11, 0.5).requiresGrad_(true);
        Tensor kpm = Tensor.wrapLongs(new long[] {0, 0, 0, 0, 1, 0, 0, 0, 0, 0}, 2, 5);
        Tensor out = enc.forward(src, AttentionMask.keyPadding(kpm));
        out.backward(fill(out.shape(), 0.07, 1.0));
        close("output", ENC_OUT, out);
        close("grad src", ENC_GRAD_SRC, src.grad());
        checksums(enc, ENC_KEYS, ENC_PARAM_CHECKSUMS);
    }

    @Test
    void decoderLayerMatchesPyTorch() {
        TransformerDecoderLayer dec = new TransformerDecoderLayer(8, 2, TransformerOptions.defaults().withDimFeedforward(12)
                .withDropout(0.0).withActivation(Activation.GELU).withNormFirst(true), new dev.arabica.core.Generator(2));
        fillParams(dec, DEC_KEYS);
        Tensor mkpm = Tensor.wrapLongs(new long[] {0, 0, 1, 1, 1, 0, 0, 0, 0, 0}, 2, 5);
        for (AttentionMask tgtMask : List.of(AttentionMask.of(Transformer.generateSquareSubsequentMask(4)), AttentionMask.causalMask())) {
            dec.zeroGrad();
            Tensor tgt = fill(new int[] {4, 2, 8}, 0.13, 0.2).requiresGrad_(true);
            Tensor mem = fill(new int[] {5, 2, 8}, 0.17, -0.4).requiresGrad_(true);
            Tensor out = dec.forward(tgt, mem, tgtMask, AttentionMask.keyPadding(mkpm));
            out.backward(fill(out.shape(), 0.07, 1.0));
            close("output", DEC_OUT, out);
            close("grad tgt", DEC_GRAD_TGT, tgt.grad());
            close("grad memory", DEC_GRAD_MEM, mem.grad());
            checksums(dec, DEC_KEYS, DEC_PARAM_CHECKSUMS);
        }
    }

    @Test
    void transformerMatchesPyTorch() {
        Transformer tr = new Transformer(8, 2, 2, 2, TransformerOptions.defaults().withDimFeedforward(16).withDropout(0.0),
                new dev.arabica.core.Generator(3));
        fillParams(tr, TR_KEYS);
        Tensor src = fill(new int[] {5, 2, 8}, 0.11, 0.5).requiresGrad_(true);
        Tensor tgt = fill(new int[] {4, 2, 8}, 0.13, 0.2).requiresGrad_(true);
        Tensor skpm = Tensor.wrapLongs(new long[] {0, 0, 0, 1, 1, 0, 0, 0, 0, 0}, 2, 5);
        Tensor tkpm = Tensor.wrapLongs(new long[] {0, 0, 0, 0, 0, 0, 0, 1}, 2, 4);
        Tensor out = tr.forward(src, tgt, AttentionMask.keyPadding(skpm),
                AttentionMask.of(Transformer.generateSquareSubsequentMask(4)).withKeyPadding(tkpm), AttentionMask.keyPadding(skpm));
        out.backward(fill(out.shape(), 0.07, 1.0));
        close("output", TR_OUT, out);
        close("grad src", TR_GRAD_SRC, src.grad());
        close("grad tgt", TR_GRAD_TGT, tgt.grad());
        checksums(tr, TR_KEYS, TR_PARAM_CHECKSUMS);
    }

    /** {@code sin(a * i + b)} in C order. */
    static Tensor fill(int[] shape, double a, double b) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) Math.sin(a * i + b);
        return Tensor.wrap(v, shape);
    }

    /** Parameter k in state-dict order gets {@code 0.5 sin(0.37 i + 1.3 k)}; the names must be PyTorch's, in its order. */
    static void fillParams(Module m, String[] keys) {
        Map<String, Tensor> state = m.stateDict();
        assertEquals(List.of(keys), List.copyOf(state.keySet()), "state dict names and order");
        int k = 0;
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            float[] v = new float[e.getValue().numel()];
            for (int i = 0; i < v.length; i++) v[i] = (float) (0.5 * Math.sin(0.37 * i + 1.3 * k));
            e.setValue(Tensor.wrap(v, e.getValue().shape()));
            k++;
        }
        m.loadStateDict(state);
    }

    static void close(String what, float[] expected, Tensor actual) {
        float[] a = actual.toFloatArray();
        assertEquals(expected.length, a.length, what + ": size");
        double max = 0;
        for (float e : expected) max = Math.max(max, Math.abs(e));
        for (int i = 0; i < a.length; i++) {
            double tol = ATOL_FRACTION * max + RTOL * Math.abs(expected[i]);
            if (!(Math.abs(a[i] - expected[i]) <= tol)) {
                fail(what + " at flat index " + i + ": actual " + a[i] + ", PyTorch " + expected[i] + " (tolerance " + tol + ")");
            }
        }
    }

    static void checksums(Module m, String[] keys, double[] expected) {
        Map<String, Tensor> params = m.namedParameters();
        double max = 0;
        for (double e : expected) max = Math.max(max, Math.abs(e));
        for (int k = 0; k < keys.length; k++) {
            Tensor g = params.get(keys[k]).grad();
            float[] gv = g == null ? new float[params.get(keys[k]).numel()] : g.toFloatArray();
            double s = 0;
            for (int i = 0; i < gv.length; i++) s += gv[i] * Math.cos(0.3 * i);
            double tol = ATOL_FRACTION * max + RTOL * Math.abs(expected[k]);
            if (!(Math.abs(s - expected[k]) <= tol)) {
                fail("gradient of " + keys[k] + ": checksum " + s + ", PyTorch " + expected[k] + " (tolerance " + tol + ")");
            }
        }
    }

    // Generated by rnn/src/test/python/transformer_reference.py (PyTorch 1.13.0a0, float64).
    static final String[] ENC_KEYS = {"self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"};
    static final float[] ENC_OUT = {6.06360517e-01f, 7.34849066e-01f, 4.17541242e-01f, 9.17108795e-01f, -4.43147802e-01f, -1.46124609e-01f, -5.11030823e-01f, -5.70980785e-01f, 5.94874530e-01f, 7.16260578e-01f, 4.86160298e-01f, 8.66843785e-01f, -2.70059531e-01f, -1.53218053e-01f, -5.36208905e-01f, -5.81769623e-01f, 6.08389866e-01f, 5.64739423e-01f, 7.08502614e-01f, 7.62660398e-01f, -6.64919127e-02f, -1.93217825e-01f, -5.70094025e-01f, -5.87603465e-01f, 6.90856294e-01f, 2.22931287e-01f, 1.03979247e+00f, 3.82519146e-01f, 1.56722600e-01f, -2.85548479e-01f, -5.70976067e-01f, -5.65655245e-01f, 7.59086770e-01f, 4.55906073e-02f, 1.14012496e+00f, 1.66020591e-01f, 6.79492364e-02f, -3.60828574e-01f, -5.38287997e-01f, -5.28491058e-01f, 8.02333622e-01f, -2.44729681e-02f, 1.13766374e+00f, 1.26687281e-02f, -6.47711778e-02f, -4.03954556e-01f, -4.96394052e-01f, -4.98004083e-01f, 7.73808632e-01f, 3.03678611e-01f, 7.84355562e-01f, 6.73137737e-01f, -4.82562822e-01f, -1.84957522e-01f, -4.89906747e-01f, -5.59820371e-01f, 5.43122033e-01f, 8.77283275e-01f, 2.97676104e-01f, 9.24693721e-01f, -3.99492704e-01f, -1.63655319e-01f, -5.16207302e-01f, -5.63577296e-01f, 5.40659901e-01f, 8.54772328e-01f, 3.62186001e-01f, 8.90404569e-01f, -2.77279976e-01f, -1.68461132e-01f, -5.35974200e-01f, -5.72965688e-01f, 5.17991274e-01f, 8.76044700e-01f, 4.00887836e-01f, 8.64139302e-01f, -1.79617750e-01f, -1.98618665e-01f, -5.58542780e-01f, -5.73787944e-01f};
    static final float[] ENC_GRAD_SRC = {1.81739120e-01f, 8.92454166e-02f, -9.52325175e-02f, 3.90815134e-02f, -8.06801477e-02f, 7.34575974e-03f, 6.72352639e-02f, -2.20766136e-01f, 1.77344296e-01f, 8.14388083e-02f, -8.49581667e-02f, 5.29261609e-02f, -8.68516933e-02f, -5.31026874e-03f, 1.58221832e-02f, -1.43983524e-01f, 2.19477793e-01f, -1.52792981e-02f, -2.01785758e-02f, 5.74308397e-02f, -8.76601855e-02f, -9.41928987e-03f, -4.95762824e-02f, -1.00913825e-01f, 1.45369442e-01f, -1.52381853e-03f, 2.67611211e-02f, -3.66036723e-02f, -5.24808481e-02f, -8.68697170e-02f, -1.94730942e-02f, -5.77794351e-02f, -1.13542384e-01f, -1.25962612e-01f, -1.51871497e-02f, 2.76176599e-02f, 3.94280153e-02f, -2.39584809e-03f, -1.33048958e-02f, 1.89617475e-01f, -1.62406600e-01f, -3.55324554e-01f, 1.22447002e-01f, 8.54411035e-02f, 1.67354799e-01f, 9.34421417e-02f, -7.47727887e-02f, 3.35091530e-01f, -2.32251070e-01f, -2.31148742e-02f, -1.50484219e-01f, -1.86212675e-01f, -2.16129846e-01f, -2.65038948e-01f, -5.26968097e-01f, 1.41642598e-01f, -1.21310739e-01f, -9.55436915e-02f, 9.28254139e-02f, -5.98657544e-03f, 7.33223672e-02f, 5.78868724e-02f, -1.82693865e-02f, 1.51899294e-01f, -8.76168930e-02f, -7.17551680e-02f, 3.96579748e-02f, -1.66116093e-02f, 4.50725239e-02f, 5.02411849e-02f, 1.65752544e-02f, 7.56665554e-02f, 1.70712061e-02f, 2.73392071e-02f, 4.60512378e-02f, 2.35178232e-02f, 2.49958414e-02f, 3.33789219e-02f, -1.65473199e-03f, -2.81460577e-02f};
    static final double[] ENC_PARAM_CHECKSUMS = {-8.923923115238e-01, -7.529132519929e-01, 2.141452275028e+00, -8.014043998998e-01, -1.724891386571e+00, -4.059323537114e+00, -7.995002079700e-01, -1.249179703669e+00, -3.368637641772e+00, 2.042742734706e+00, -1.179056997364e-01, -1.525258725267e+00};
    static final String[] DEC_KEYS = {"self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias", "multihead_attn.in_proj_weight", "multihead_attn.in_proj_bias", "multihead_attn.out_proj.weight", "multihead_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias", "norm3.weight", "norm3.bias"};
    static final float[] DEC_OUT = {1.19340521e+00f, 1.05896858e+00f, -8.28081847e-01f, -1.19076654e+00f, 2.49384054e+00f, -2.35317273e+00f, 4.88187545e-01f, -5.08049204e-01f, 1.74974759e+00f, 1.71202694e+00f, -1.54088105e-01f, -7.10790427e-01f, 2.55061421e+00f, -1.90402735e+00f, 5.27497915e-01f, -6.28431029e-01f, 1.27035971e+00f, 1.51566832e+00f, -5.68346169e-01f, -1.17507059e+00f, 1.65417966e+00f, -2.42146011e+00f, -3.02509235e-01f, -1.62115420e+00f, 3.96347472e-01f, 5.22296765e-01f, -1.53215360e+00f, -2.22475478e+00f, 7.29929109e-01f, -3.37333263e+00f, -1.23774375e+00f, -2.43207333e+00f, -2.31956215e-01f, -7.13462982e-02f, -2.30403967e+00f, -2.63655166e+00f, 5.48683689e-01f, -3.72372840e+00f, -1.41801422e+00f, -2.22587123e+00f, 3.49884788e-01f, -4.38610366e-03f, -1.80266736e+00f, -2.30271349e+00f, 1.53368712e+00f, -3.29816560e+00f, -5.52739239e-01f, -1.27643396e+00f, 1.07387227e+00f, 1.14101454e+00f, -1.02112293e+00f, -1.07987217e+00f, 2.33103657e+00f, -2.24536490e+00f, 3.01895422e-01f, -3.64861847e-01f, 1.76592314e+00f, 1.68545100e+00f, -1.49114348e-01f, -7.22225770e-01f, 2.57477538e+00f, -1.89929411e+00f, 5.37164819e-01f, -5.90107295e-01f};
    static final float[] DEC_GRAD_TGT = {7.21231400e-01f, 7.40005443e-01f, 8.12882411e-01f, 9.46000732e-01f, 1.03248004e+00f, 1.12042094e+00f, 1.06996424e+00f, 1.03906451e+00f, 7.19409084e-01f, 6.46061951e-01f, 7.52679711e-01f, 9.85863194e-01f, 1.24080121e+00f, 1.32621549e+00f, 1.19862850e+00f, 8.12223090e-01f, 7.86040435e-01f, 6.92471860e-01f, 6.84568712e-01f, 7.17816909e-01f, 7.93924923e-01f, 7.42676548e-01f, 6.79280763e-01f, 4.38198091e-01f, 4.47794484e-01f, 3.36312149e-01f, 2.61777804e-01f, 2.15418781e-01f, 2.03239661e-01f, 1.53749410e-01f, 1.03125555e-01f, -2.42228631e-02f, -1.12668913e-01f, -1.84184695e-01f, -2.46043903e-01f, -3.01841855e-01f, -3.65069467e-01f, -4.23053217e-01f, -4.89850207e-01f, -5.36351742e-01f, -5.33181617e-01f, -5.41542336e-01f, -6.10363546e-01f, -7.60582284e-01f, -8.71411314e-01f, -9.90916635e-01f, -9.59044394e-01f, -9.35963981e-01f, -7.98964908e-01f, -7.89790061e-01f, -8.60478778e-01f, -1.00752901e+00f, -1.09497731e+00f, -1.18442936e+00f, -1.08920853e+00f, -1.02661530e+00f, -8.23897019e-01f, -7.59009233e-01f, -7.95007735e-01f, -8.95672471e-01f, -1.01287998e+00f, -1.04249362e+00f, -9.79917666e-01f, -7.93399006e-01f};
    static final float[] DEC_GRAD_MEM = {6.35726647e-02f, 4.80696017e-02f, 2.60605436e-02f, 5.24313165e-04f, -2.50828806e-02f, -4.72952241e-02f, -6.31063809e-02f, -7.03763851e-02f, -4.55647780e-04f, 4.62383871e-04f, 1.31783403e-03f, 1.99492154e-03f, 2.40200578e-03f, 2.48398980e-03f, 2.22977746e-03f, 1.67377520e-03f, 8.84129746e-03f, 1.55042296e-02f, 2.00687369e-02f, 2.19170349e-02f, 2.07989650e-02f, 1.68658528e-02f, 1.06500265e-02f, 2.99276910e-03f, -3.46966985e-03f, -3.24030611e-03f, -2.57238215e-03f, -1.55629832e-03f, -3.29576823e-04f, 9.41751354e-04f, 2.08561790e-03f, 2.94720585e-03f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 1.15885584e-02f, 5.62350442e-03f, -1.10266446e-03f, -7.67959289e-03f, -1.32171244e-02f, -1.69657802e-02f, -1.84181972e-02f, -1.73777976e-02f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, -6.03749662e-03f, -5.88924688e-03f, -4.94391521e-03f, -3.32944780e-03f, -1.26435526e-03f, 9.71861840e-04f, 3.07654200e-03f, 4.76482663e-03f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, -5.81582549e-03f, -4.20157072e-03f, -2.01865307e-03f, 4.37479802e-04f, 2.83440184e-03f, 4.84770088e-03f, 6.20488635e-03f, 6.72226956e-03f};
    static final double[] DEC_PARAM_CHECKSUMS = {-8.507257607063e-02, -5.142312434496e-01, 4.382958964669e-01, 1.414068228893e+00, -1.541266301362e-01, 1.338621435679e+00, -8.355064049179e-01, 1.412860161979e+00, -3.514055908574e-02, -7.367377346418e-01, 5.863752421135e-01, 1.314266163455e+00, 3.774309822398e-02, 1.843448010362e-02, -2.523858284992e-02, -7.453168388688e-03, -6.382987638493e-01, 1.094116557020e+00};
    static final String[] TR_KEYS = {"encoder.layers.0.self_attn.in_proj_weight", "encoder.layers.0.self_attn.in_proj_bias", "encoder.layers.0.self_attn.out_proj.weight", "encoder.layers.0.self_attn.out_proj.bias", "encoder.layers.0.linear1.weight", "encoder.layers.0.linear1.bias", "encoder.layers.0.linear2.weight", "encoder.layers.0.linear2.bias", "encoder.layers.0.norm1.weight", "encoder.layers.0.norm1.bias", "encoder.layers.0.norm2.weight", "encoder.layers.0.norm2.bias", "encoder.layers.1.self_attn.in_proj_weight", "encoder.layers.1.self_attn.in_proj_bias", "encoder.layers.1.self_attn.out_proj.weight", "encoder.layers.1.self_attn.out_proj.bias", "encoder.layers.1.linear1.weight", "encoder.layers.1.linear1.bias", "encoder.layers.1.linear2.weight", "encoder.layers.1.linear2.bias", "encoder.layers.1.norm1.weight", "encoder.layers.1.norm1.bias", "encoder.layers.1.norm2.weight", "encoder.layers.1.norm2.bias", "encoder.norm.weight", "encoder.norm.bias", "decoder.layers.0.self_attn.in_proj_weight", "decoder.layers.0.self_attn.in_proj_bias", "decoder.layers.0.self_attn.out_proj.weight", "decoder.layers.0.self_attn.out_proj.bias", "decoder.layers.0.multihead_attn.in_proj_weight", "decoder.layers.0.multihead_attn.in_proj_bias", "decoder.layers.0.multihead_attn.out_proj.weight", "decoder.layers.0.multihead_attn.out_proj.bias", "decoder.layers.0.linear1.weight", "decoder.layers.0.linear1.bias", "decoder.layers.0.linear2.weight", "decoder.layers.0.linear2.bias", "decoder.layers.0.norm1.weight", "decoder.layers.0.norm1.bias", "decoder.layers.0.norm2.weight", "decoder.layers.0.norm2.bias", "decoder.layers.0.norm3.weight", "decoder.layers.0.norm3.bias", "decoder.layers.1.self_attn.in_proj_weight", "decoder.layers.1.self_attn.in_proj_bias", "decoder.layers.1.self_attn.out_proj.weight", "decoder.layers.1.self_attn.out_proj.bias", "decoder.layers.1.multihead_attn.in_proj_weight", "decoder.layers.1.multihead_attn.in_proj_bias", "decoder.layers.1.multihead_attn.out_proj.weight", "decoder.layers.1.multihead_attn.out_proj.bias", "decoder.layers.1.linear1.weight", "decoder.layers.1.linear1.bias", "decoder.layers.1.linear2.weight", "decoder.layers.1.linear2.bias", "decoder.layers.1.norm1.weight", "decoder.layers.1.norm1.bias", "decoder.layers.1.norm2.weight", "decoder.layers.1.norm2.bias", "decoder.layers.1.norm3.weight", "decoder.layers.1.norm3.bias", "decoder.norm.weight", "decoder.norm.bias"};
    static final float[] TR_OUT = {1.83801755e-01f, 4.20244996e-01f, 5.46203097e-01f, 4.74139898e-01f, 3.06566973e-01f, 6.85784430e-01f, 4.37482289e-01f, 1.27599320e+00f, 1.84171856e-01f, 4.21963904e-01f, 5.49000989e-01f, 4.74040190e-01f, 3.10952375e-01f, 6.86889093e-01f, 4.40061591e-01f, 1.27516248e+00f, 1.84874241e-01f, 4.23119488e-01f, 5.50679452e-01f, 4.73931410e-01f, 3.14466456e-01f, 6.87042036e-01f, 4.42130646e-01f, 1.27499415e+00f, 1.84097238e-01f, 4.22803084e-01f, 5.49656591e-01f, 4.73992383e-01f, 3.12363843e-01f, 6.85835805e-01f, 4.42384389e-01f, 1.27531396e+00f, 1.83648251e-01f, 4.21102108e-01f, 5.46934138e-01f, 4.74069964e-01f, 3.08767196e-01f, 6.84766032e-01f, 4.38044838e-01f, 1.27693659e+00f, 1.86039976e-01f, 4.20766954e-01f, 5.47863824e-01f, 4.74012904e-01f, 3.09464248e-01f, 6.85688551e-01f, 4.43532553e-01f, 1.27474349e+00f, 1.87546482e-01f, 4.20893744e-01f, 5.48669213e-01f, 4.73914744e-01f, 3.11419419e-01f, 6.85850784e-01f, 4.46307098e-01f, 1.27415844e+00f, 1.87445759e-01f, 4.22218442e-01f, 5.50531074e-01f, 4.73882854e-01f, 3.13384292e-01f, 6.85857529e-01f, 4.50726748e-01f, 1.27281280e+00f};
    static final float[] TR_GRAD_SRC = {-1.05662909e-04f, 8.06165179e-05f, 3.46034394e-04f, 8.06749351e-05f, -7.75257066e-05f, 4.11471407e-05f, 5.55341699e-05f, -3.90609010e-06f, -8.49716374e-06f, -9.12251037e-05f, -1.82855671e-04f, -1.10002915e-04f, -8.69310586e-06f, -2.71163192e-05f, -2.97446948e-05f, 2.35353893e-05f, -2.48084192e-04f, -2.58962914e-05f, 2.91333259e-04f, 1.55899974e-04f, 5.63557854e-06f, 1.79799647e-04f, 2.46141251e-04f, 1.91320303e-04f, 1.80144668e-04f, 6.55542901e-05f, 2.12548572e-06f, -1.46535517e-04f, 1.17907867e-04f, -3.12032799e-06f, -2.88093530e-05f, -8.12878990e-05f, -6.35822740e-04f, 3.68048395e-04f, 2.95288092e-04f, 4.90906796e-04f, -5.14815199e-04f, -4.98886495e-05f, -1.99631737e-05f, 1.11590946e-04f, 1.04287933e-04f, 7.10133689e-05f, -1.10318710e-04f, -1.99152736e-04f, 1.37932852e-04f, 4.08198657e-05f, 5.37940387e-05f, -3.01379377e-05f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 6.44849829e-05f, -1.92306391e-05f, -1.41041542e-04f, -1.98486595e-05f, 6.20327768e-05f, 7.60236511e-06f, -2.10477326e-05f, 2.65036607e-06f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 0.00000000e+00f, 9.52486777e-05f, 3.69688785e-05f, -6.87689918e-05f, -3.18894731e-05f, 3.82180851e-05f, -2.49623131e-05f, -6.71347519e-05f, -5.71711464e-05f};
    static final float[] TR_GRAD_TGT = {1.44029945e-02f, 1.59670526e-03f, -7.52693621e-03f, -3.37465687e-03f, 2.52190117e-03f, -3.74693568e-03f, -1.00542125e-03f, -1.18926359e-02f, 2.06025843e-02f, 3.84816083e-04f, -5.52280550e-03f, -5.64752679e-03f, -2.67865745e-05f, -6.14167152e-03f, -5.20919978e-03f, -1.09914205e-02f, 1.69185564e-02f, 3.28865093e-04f, -4.10829404e-03f, -2.41846782e-03f, -2.46081199e-04f, -1.65544805e-03f, -5.03306224e-03f, -4.38770908e-03f, 4.23055037e-03f, 5.75888856e-04f, 2.10103173e-05f, 1.82913506e-03f, 2.53932045e-03f, 2.43082157e-03f, 1.99101260e-03f, 1.04966200e-05f, -6.36940764e-03f, -3.06460096e-03f, 3.70421258e-03f, 1.63007487e-03f, 1.17506843e-03f, 3.14349274e-03f, 3.10842054e-03f, 5.69916935e-03f, -1.09729649e-02f, 2.10455004e-03f, 3.36990953e-03f, 3.37629266e-03f, -2.58583062e-03f, 7.94916008e-04f, 9.49308071e-04f, 3.62247751e-03f, -2.35932554e-02f, -3.88612094e-03f, -3.08907207e-03f, -6.52456434e-04f, -4.69719562e-03f, 7.02547918e-04f, 7.52944908e-03f, 9.28294389e-03f, -1.30601502e-02f, 2.00146946e-03f, 2.73643091e-03f, 2.98989198e-03f, -1.05990522e-04f, 1.29057917e-04f, 4.45705805e-03f, 7.33141829e-04f};
    static final double[] TR_PARAM_CHECKSUMS = {8.950327255981e-04, 1.629671175440e-03, -5.462039878127e-04, 2.256110534451e-04, 1.384239148706e-04, 3.962872226571e-04, 8.028579238532e-04, 2.312418068160e-04, 1.134109939887e-04, -3.189057945913e-04, -1.286627767800e-03, -2.183111189359e-04, -8.288432736017e-04, 1.240755675499e-03, 1.267886667138e-04, -3.227902257473e-04, 8.577128717232e-04, -7.063513725970e-04, -2.121183314082e-03, -1.900268634153e-04, -5.078313948730e-03, -2.547997324592e-03, -8.537831874854e-03, 3.828724796194e-03, 5.383171009642e-03, -1.636546473222e-03, 1.494346785967e-01, -3.013778459152e-02, 9.081050515323e-02, 9.504734973975e-03, -3.648299865383e-03, -3.436831772515e-02, 3.449853976146e-02, -4.852454393332e-03, -1.277140612034e-01, -1.917472380109e-03, 5.482119160668e-02, -2.133012201363e-02, 1.475531749703e-02, -4.847365960133e-03, -7.173785357421e-02, 7.104312581146e-02, 7.609743161605e-02, -3.319989684295e-02, -4.432603016391e-02, -1.175123447593e-01, -3.008209961515e-02, -1.790017274041e-02, -5.641186638176e-03, -3.655534896500e-02, -7.176687309326e-02, -9.122501742590e-02, -3.577669124122e-02, -1.358843360230e-01, -7.951919069249e-02, -8.434663928905e-02, 2.706866171049e-02, -9.123029270434e-02, -8.212498189891e-02, -1.631094498160e-01, 5.472882626934e-02, -2.955443367428e-03, 8.485079199231e-01, 1.314266163455e+00};
}
