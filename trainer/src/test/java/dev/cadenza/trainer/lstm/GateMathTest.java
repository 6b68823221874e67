package dev.cadenza.trainer.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The fused LSTM's elementwise pass: accurate activations, and the same bits whichever implementation runs. */
class GateMathTest {
    @Test
    void tanhAndSigmoidAreWithinAFewUnitsInTheLastPlace() {
        double tanhError = 0, sigmoidError = 0;
        for (double x = -20; x <= 20; x += 1e-4) {
            float f = (float) x;
            tanhError = Math.max(tanhError, Math.abs(FastTanh.tanh(f) - Math.tanh(f)));
            sigmoidError = Math.max(sigmoidError, Math.abs(FastTanh.sigmoid(f) - 1 / (1 + Math.exp(-f))));
        }
        assertTrue(tanhError < 5e-7, "tanh: largest error " + tanhError);
        assertTrue(sigmoidError < 5e-7, "sigmoid: largest error " + sigmoidError);
        // far out it saturates instead of overflowing
        assertTrue(Math.abs(FastTanh.tanh(1e30f) - 1) < 5e-7 && Math.abs(FastTanh.tanh(-1e30f) + 1) < 5e-7);
        assertTrue(FastTanh.tanh(0f) == 0f && FastTanh.sigmoid(0f) == 0.5f);
    }

    @Test
    void theVectorAPIsPassGivesTheScalarPassesBits() {
        // the tests run with --add-modules jdk.incubator.vector, as ./cadenza does
        assertTrue(GateMath.vectorised(), "the Vector API module is missing from the test JVM");
        GateMath vector = GateMath.best(), scalar = new ScalarGateMath();
        Random random = new Random(5);
        for (int hidden : new int[] {16, 24, 37, 256}) { // 24 and 37 leave a tail that is not a whole vector
            int rows = 3;
            float[] z = gaussian(random, rows * 4 * hidden, 3), bias = gaussian(random, 4 * hidden, 1);
            float[] cp = gaussian(random, rows * hidden, 2);
            float[][] v = forward(vector, z.clone(), bias, cp, rows, hidden);
            float[][] s = forward(scalar, z.clone(), bias, cp, rows, hidden);
            for (int k = 0; k < v.length; k++) assertArrayEquals(s[k], v[k], "forward, hidden " + hidden + ", array " + k);

            float[] dh = gaussian(random, rows * hidden, 1), cg = gaussian(random, rows * hidden, 1);
            float[][] vb = backward(vector, dh, v[0], cp, v[2], cg.clone(), rows, hidden);
            float[][] sb = backward(scalar, dh, s[0], cp, s[2], cg.clone(), rows, hidden);
            for (int k = 0; k < vb.length; k++) assertArrayEquals(sb[k], vb[k], "backward, hidden " + hidden + ", array " + k);
        }
    }

    @Test
    void theBackwardPassIsTheForwardPassesDerivative() {
        // one row, one unit's loss L = sum(w * h) + sum(u * c): the gradient of L by each pre-activation, by finite
        // differences, against what backward gives for dh = w and a cell gradient u from the next step
        GateMath math = GateMath.best();
        Random random = new Random(9);
        int hidden = 20;
        float[] z = gaussian(random, 4 * hidden, 1), bias = new float[4 * hidden], cp = gaussian(random, hidden, 1);
        float[] w = gaussian(random, hidden, 1), u = gaussian(random, hidden, 1);
        float[][] out = forward(math, z.clone(), bias, cp, 1, hidden);
        float[][] grads = backward(math, w, out[0], cp, out[2], u.clone(), 1, hidden);
        for (int k = 0; k < 4 * hidden; k++) {
            double eps = 1e-2;
            float[] up = z.clone(), down = z.clone();
            up[k] += eps;
            down[k] -= eps;
            double numeric = (loss(math, up, bias, cp, w, u, hidden) - loss(math, down, bias, cp, w, u, hidden)) / (2 * eps);
            assertTrue(Math.abs(numeric - grads[0][k]) < 2e-3, "pre-activation " + k + ": " + grads[0][k] + " against " + numeric);
        }
    }

    private static double loss(GateMath math, float[] z, float[] bias, float[] cp, float[] w, float[] u, int hidden) {
        float[][] out = forward(math, z.clone(), bias, cp, 1, hidden);
        double sum = 0;
        for (int j = 0; j < hidden; j++) sum += w[j] * (double) out[3][j] + u[j] * (double) out[1][j];
        return sum;
    }

    /** activations, cells, tanh of the cells, outputs. */
    private static float[][] forward(GateMath math, float[] z, float[] bias, float[] cp, int rows, int hidden) {
        float[] c = new float[rows * hidden], tc = new float[rows * hidden], h = new float[rows * hidden];
        for (int r = 0; r < rows; r++) {
            math.forward(z, r * 4 * hidden, bias, cp, r * hidden, c, r * hidden, tc, r * hidden, h, r * hidden, hidden);
        }
        return new float[][] {z, c, tc, h};
    }

    /** gate gradients, cell gradients for the step before, bias gradient. */
    private static float[][] backward(GateMath math, float[] dh, float[] act, float[] cp, float[] tc, float[] cg, int rows, int hidden) {
        float[] dz = new float[rows * 4 * hidden], biasGrad = new float[4 * hidden];
        for (int r = 0; r < rows; r++) {
            math.backward(dh, r * hidden, act, r * 4 * hidden, cp, r * hidden, tc, r * hidden, cg, r * hidden, dz,
                    r * 4 * hidden, biasGrad, hidden);
        }
        return new float[][] {dz, cg, biasGrad};
    }

    private static float[] gaussian(Random random, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (random.nextGaussian() * scale);
        return a;
    }
}
