package dev.cadenza.trainer.lstm;

/** {@link GateMath} one float at a time: the fallback without the Vector API, and the tail of every vectorised row. */
final class ScalarGateMath implements GateMath {
    @Override
    public void forward(float[] z, int zo, float[] bias, float[] cp, int cpo, float[] c, int co, float[] tc, int to,
                        float[] h, int ho, int hidden) {
        forward(z, zo, bias, cp, cpo, c, co, tc, to, h, ho, hidden, 0);
    }

    /** Columns {@code from..hidden} of the row. */
    static void forward(float[] z, int zo, float[] bias, float[] cp, int cpo, float[] c, int co, float[] tc, int to,
                        float[] h, int ho, int hidden, int from) {
        int fo = zo + hidden, oo = zo + 2 * hidden, go = zo + 3 * hidden;
        for (int j = from; j < hidden; j++) {
            float a = FastTanh.tanh(z[zo + j] + bias[j]);
            float f = FastTanh.sigmoid(z[fo + j] + bias[hidden + j]);
            float o = FastTanh.sigmoid(z[oo + j] + bias[2 * hidden + j]);
            float g = FastTanh.sigmoid(z[go + j] + bias[3 * hidden + j]);
            float cell = Math.fma(f, cp[cpo + j], g * a);
            float t = FastTanh.tanh(cell);
            z[zo + j] = a;
            z[fo + j] = f;
            z[oo + j] = o;
            z[go + j] = g;
            c[co + j] = cell;
            tc[to + j] = t;
            h[ho + j] = o * t;
        }
    }

    @Override
    public void backward(float[] dh, int dho, float[] act, int ao, float[] cp, int cpo, float[] tc, int to, float[] cg,
                         int cgo, float[] dz, int dzo, float[] biasGrad, int hidden) {
        backward(dh, dho, act, ao, cp, cpo, tc, to, cg, cgo, dz, dzo, biasGrad, hidden, 0);
    }

    static void backward(float[] dh, int dho, float[] act, int ao, float[] cp, int cpo, float[] tc, int to, float[] cg,
                         int cgo, float[] dz, int dzo, float[] biasGrad, int hidden, int from) {
        int h2 = 2 * hidden, h3 = 3 * hidden;
        for (int j = from; j < hidden; j++) {
            float a = act[ao + j], f = act[ao + hidden + j], o = act[ao + h2 + j], g = act[ao + h3 + j];
            float t = tc[to + j], d = dh[dho + j];
            // dL/dc(t): from step t+1 and through h(t) = o * tanh(c(t))
            float dc = Math.fma(d, o * (1f - t * t), cg[cgo + j]);
            float da = (dc * g) * (1f - a * a);
            float df = (dc * cp[cpo + j]) * (f * (1f - f));
            float dO = (d * t) * (o * (1f - o));
            float dg = (dc * a) * (g * (1f - g));
            dz[dzo + j] = da;
            dz[dzo + hidden + j] = df;
            dz[dzo + h2 + j] = dO;
            dz[dzo + h3 + j] = dg;
            biasGrad[j] += da;
            biasGrad[hidden + j] += df;
            biasGrad[h2 + j] += dO;
            biasGrad[h3 + j] += dg;
            cg[cgo + j] = dc * f; // what reaches c(t-1) passes the forget gate
        }
    }
}
