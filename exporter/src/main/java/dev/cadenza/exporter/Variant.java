package dev.cadenza.exporter;

/** Which files an export writes. */
public enum Variant {
    /** NAME.onnx with the ONNX LSTM operator: any number of steps per call (what generation uses). */
    LSTM,
    /** NAME.onnx with the cell in primitive operators, one step per call (for runtimes without LSTM). */
    PORTABLE,
    /** NAME.int8.onnx: the lstm graph with int8 weights (ONNX Runtime's dynamically quantised LSTM and MatMul). */
    INT8,
    /** All of them: NAME.onnx (lstm), NAME.portable.onnx and NAME.int8.onnx. */
    BOTH
}
