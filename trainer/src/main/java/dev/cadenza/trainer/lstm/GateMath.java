package dev.cadenza.trainer.lstm;

/**
 * The elementwise part of one LSTM step, for one row (one example) of the gate buffer, in a single pass: the gate
 * activations, the cell and output in the forward direction; the gates' pre-activation gradients and the cell
 * gradient in the backward direction. Gate blocks are in DL4J's order: block input {@code a} (tanh), forget {@code f},
 * output {@code o}, input gate {@code g} (sigmoids), each {@code hidden} wide.
 *
 * <p>Two implementations give bit-identical results: {@link VectorGateMath} (the JDK's Vector API, 16 floats per
 * instruction with AVX-512) when the JVM was started with {@code --add-modules jdk.incubator.vector}, as
 * {@code ./cadenza} and the tests do, and {@link ScalarGateMath} otherwise. Identical because both do the same IEEE
 * operations in the same order (fused multiply-adds where the other does one), so which one ran never changes a
 * trained weight.
 */
public interface GateMath {
    /**
     * Forward step of one row. {@code z[zo..zo+4H)} holds the gates' pre-activations without bias and is overwritten
     * with the activations; the new cell goes to {@code c[co..]}, its tanh to {@code tc[to..]}, the output to
     * {@code h[ho..]}; {@code cp[cpo..]} is the previous cell.
     */
    void forward(float[] z, int zo, float[] bias, float[] cp, int cpo, float[] c, int co, float[] tc, int to,
                 float[] h, int ho, int hidden);

    /**
     * Backward step of one row. {@code dh[dho..]} is the loss gradient reaching the output h(t), {@code cg[cgo..]} the
     * one reaching the cell c(t) from step t+1, replaced by the one reaching c(t-1). The gates' pre-activation
     * gradients go to {@code dz[dzo..dzo+4H)} and are added to {@code biasGrad}. {@code act} holds the forward pass's
     * activations, {@code cp} the previous cell, {@code tc} tanh of the cell.
     */
    void backward(float[] dh, int dho, float[] act, int ao, float[] cp, int cpo, float[] tc, int to, float[] cg,
                  int cgo, float[] dz, int dzo, float[] biasGrad, int hidden);

    /** The vectorised implementation when the JVM has the Vector API module, else the scalar one. */
    static GateMath best() {
        return Holder.BEST;
    }

    /** Whether {@link #best()} is the vectorised implementation. */
    static boolean vectorised() {
        return !(Holder.BEST instanceof ScalarGateMath);
    }

    /** Holds the choice, made once. */
    final class Holder {
        static final GateMath BEST = choose();

        private Holder() {
        }

        private static GateMath choose() {
            GateMath vector = VectorModule.load("VectorGateMath", GateMath.class);
            return vector != null ? vector : new ScalarGateMath();
        }
    }
}
