package dev.arabica.cnn.face;

/** Values printed by {@code cnn/src/test/python/losses_refs.py} (PyTorch 1.13). */
final class LossReferences {
    private LossReferences() {}

    static final float[] ANCHOR = {-0.125f, 0.375f, -0.75f, 0.125f, 1.0f, 0.5f, -0.125f, 0.0f, 0.375f, 0.625f, 0.75f, -0.0f, 1.0f, 0.5f, 2.375f, -0.125f, 0.5f, 0.25f, 0.375f, 1.375f};
    static final float[] POSITIVE = {0.0f, -0.125f, 0.375f, -0.875f, 0.625f, 1.875f, -1.625f, 0.5f, 0.25f, -0.25f, -0.375f, 0.625f, 0.625f, 1.125f, -0.125f, 0.625f, -2.0f, -1.25f, -0.375f, -0.375f};
    static final float[] NEGATIVE = {0.75f, 1.125f, 1.75f, -1.5f, -0.375f, -0.875f, -1.25f, -0.625f, -0.5f, -0.625f, -0.5f, -0.25f, -0.25f, -3.125f, -0.375f, 1.375f, -0.375f, 1.625f, 0.875f, 0.75f};
    static final float[] COURSE_LOSS = {9.028124809265137f};
    static final float[] MARGIN_DEFAULT = {0.8072396516799927f};
    static final float[] MARGIN_SWAP = {1.059596061706543f};
    static final float[] MARGIN_P1_MARGIN3 = {2.0999999046325684f};
    static final float[] MARGIN_P3_SUM = {7.925506114959717f};
    static final float[] MARGIN_NONE = {0.39431333541870117f, 1.7968268394470215f, 1.5730019807815552f, 0.0f, 3.6663694381713867f};
    static final float[] MARGIN_SWAP_GRAD_ANCHOR = {-0.01571335643529892f, 0.06285405904054642f, -0.14142122864723206f, 0.1257079839706421f, -0.08269906044006348f, -0.24712073802947998f, 0.04444281756877899f, -0.10058319568634033f, 0.01601293496787548f, 0.11208976805210114f, 0.1441153734922409f, -0.08006390184164047f, 0.02767600677907467f, -0.046126481145620346f, 0.18450628221035004f, -0.05535179004073143f, 0.04721151292324066f, 0.2376091480255127f, 0.09815168380737305f, 0.031671181321144104f};
}
