package dev.cadenza.trainer.lstm;

/**
 * tanh and the logistic sigmoid in float, from a rational minimax approximation of tanh (odd polynomial of degree 13
 * over even of degree 6, the form Eigen uses), clamped where tanh is 1 to float precision. Largest error against
 * {@code Math.tanh}: about 3e-7 for tanh and 2e-7 for the sigmoid (a few units in the last place), far below what
 * training notices; {@code FastTanhTest} checks it. The constants are shared by {@link ScalarGateMath} and
 * {@link VectorGateMath}, which evaluate them with the same operations in the same order.
 */
final class FastTanh {
    static final float CLAMP = 7.90531110763549805f;
    static final float A13 = -2.76076847742355e-16f;
    static final float A11 = 2.00018790482477e-13f;
    static final float A9 = -8.60467152213735e-11f;
    static final float A7 = 5.12229709037114e-08f;
    static final float A5 = 1.48572235717979e-05f;
    static final float A3 = 6.37261928875436e-04f;
    static final float A1 = 4.89352455891786e-03f;
    static final float B6 = 1.19825839466702e-06f;
    static final float B4 = 1.18534705686654e-04f;
    static final float B2 = 2.26843463243900e-03f;
    static final float B0 = 4.89352518554385e-03f;

    private FastTanh() {
    }

    static float tanh(float x) {
        x = Math.min(Math.max(x, -CLAMP), CLAMP);
        float x2 = x * x;
        float p = Math.fma(x2, A13, A11);
        p = Math.fma(p, x2, A9);
        p = Math.fma(p, x2, A7);
        p = Math.fma(p, x2, A5);
        p = Math.fma(p, x2, A3);
        p = Math.fma(p, x2, A1);
        p = p * x;
        float q = Math.fma(x2, B6, B4);
        q = Math.fma(q, x2, B2);
        q = Math.fma(q, x2, B0);
        return p / q;
    }

    /** sigmoid(x) = (1 + tanh(x / 2)) / 2. */
    static float sigmoid(float x) {
        return Math.fma(tanh(x * 0.5f), 0.5f, 0.5f);
    }
}
