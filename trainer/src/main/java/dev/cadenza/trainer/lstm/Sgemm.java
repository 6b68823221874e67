package dev.cadenza.trainer.lstm;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Row-major float matrix products straight into OpenBLAS, the library ND4J itself multiplies with, on sub-blocks of
 * off-heap buffers given as (pointer, offset in floats). Going around ND4J's {@code gemm} saves its checks and view
 * handling (tens of microseconds a call, 128 calls per layer and batch) and reaches row blocks without making views.
 */
final class Sgemm {
    private Sgemm() {
    }

    /** {@code C = op(A) op(B) + beta C}, with {@code op(A)} m x k, {@code op(B)} k x n. */
    static void product(boolean transA, boolean transB, int m, int n, int k, FloatPointer a, long aOffset, int lda,
                        FloatPointer b, long bOffset, int ldb, float beta, FloatPointer c, long cOffset, int ldc) {
        openblas_nolapack.cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, k, 1f, a.position(aOffset), lda, b.position(bOffset), ldb, beta, c.position(cOffset), ldc);
    }
}
