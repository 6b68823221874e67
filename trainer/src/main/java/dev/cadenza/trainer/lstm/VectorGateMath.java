package dev.cadenza.trainer.lstm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GateMath} on the JDK's Vector API: the widest vectors the CPU has (16 floats with AVX-512), the same operations
 * as {@link ScalarGateMath} in the same order, so the results are bit-identical. Loaded only when the JVM has the
 * {@code jdk.incubator.vector} module.
 */
final class VectorGateMath implements GateMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static FloatVector tanh(FloatVector x) {
        x = x.max(-FastTanh.CLAMP).min(FastTanh.CLAMP);
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.fma(FastTanh.A13, FastTanh.A11);
        p = p.fma(x2, FloatVector.broadcast(S, FastTanh.A9));
        p = p.fma(x2, FloatVector.broadcast(S, FastTanh.A7));
        p = p.fma(x2, FloatVector.broadcast(S, FastTanh.A5));
        p = p.fma(x2, FloatVector.broadcast(S, FastTanh.A3));
        p = p.fma(x2, FloatVector.broadcast(S, FastTanh.A1));
        p = p.mul(x);
        FloatVector q = x2.fma(FastTanh.B6, FastTanh.B4);
        q = q.fma(x2, FloatVector.broadcast(S, FastTanh.B2));
        q = q.fma(x2, FloatVector.broadcast(S, FastTanh.B0));
        return p.div(q);
    }

    private static FloatVector sigmoid(FloatVector x) {
        return tanh(x.mul(0.5f)).fma(0.5f, 0.5f);
    }

    private static FloatVector at(float[] a, int i) {
        return FloatVector.fromArray(S, a, i);
    }

    @Override
    public void forward(float[] z, int zo, float[] bias, float[] cp, int cpo, float[] c, int co, float[] tc, int to,
                        float[] h, int ho, int hidden) {
        int fo = zo + hidden, oo = zo + 2 * hidden, go = zo + 3 * hidden;
        int bound = S.loopBound(hidden);
        for (int j = 0; j < bound; j += L) {
            FloatVector a = tanh(at(z, zo + j).add(at(bias, j)));
            FloatVector f = sigmoid(at(z, fo + j).add(at(bias, hidden + j)));
            FloatVector o = sigmoid(at(z, oo + j).add(at(bias, 2 * hidden + j)));
            FloatVector g = sigmoid(at(z, go + j).add(at(bias, 3 * hidden + j)));
            FloatVector cell = f.fma(at(cp, cpo + j), g.mul(a));
            FloatVector t = tanh(cell);
            a.intoArray(z, zo + j);
            f.intoArray(z, fo + j);
            o.intoArray(z, oo + j);
            g.intoArray(z, go + j);
            cell.intoArray(c, co + j);
            t.intoArray(tc, to + j);
            o.mul(t).intoArray(h, ho + j);
        }
        ScalarGateMath.forward(z, zo, bias, cp, cpo, c, co, tc, to, h, ho, hidden, bound);
    }

    @Override
    public void backward(float[] dh, int dho, float[] act, int ao, float[] cp, int cpo, float[] tc, int to, float[] cg,
                         int cgo, float[] dz, int dzo, float[] biasGrad, int hidden) {
        int h2 = 2 * hidden, h3 = 3 * hidden;
        int bound = S.loopBound(hidden);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < bound; j += L) {
            FloatVector a = at(act, ao + j), f = at(act, ao + hidden + j), o = at(act, ao + h2 + j), g = at(act, ao + h3 + j);
            FloatVector t = at(tc, to + j), d = at(dh, dho + j);
            FloatVector dc = d.fma(o.mul(one.sub(t.mul(t))), at(cg, cgo + j));
            FloatVector da = dc.mul(g).mul(one.sub(a.mul(a)));
            FloatVector df = dc.mul(at(cp, cpo + j)).mul(f.mul(one.sub(f)));
            FloatVector dO = d.mul(t).mul(o.mul(one.sub(o)));
            FloatVector dg = dc.mul(a).mul(g.mul(one.sub(g)));
            da.intoArray(dz, dzo + j);
            df.intoArray(dz, dzo + hidden + j);
            dO.intoArray(dz, dzo + h2 + j);
            dg.intoArray(dz, dzo + h3 + j);
            at(biasGrad, j).add(da).intoArray(biasGrad, j);
            at(biasGrad, hidden + j).add(df).intoArray(biasGrad, hidden + j);
            at(biasGrad, h2 + j).add(dO).intoArray(biasGrad, h2 + j);
            at(biasGrad, h3 + j).add(dg).intoArray(biasGrad, h3 + j);
            dc.mul(f).intoArray(cg, cgo + j);
        }
        ScalarGateMath.backward(dh, dho, act, ao, cp, cpo, tc, to, cg, cgo, dz, dzo, biasGrad, hidden, bound);
    }
}
