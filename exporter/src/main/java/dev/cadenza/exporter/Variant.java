package dev.cadenza.exporter;

/** Which files an export writes. */
public enum Variant {
    /** NAME.onnx with the ONNX LSTM operator: any number of steps per call (what generation uses). */
    LSTM,
    /** NAME.onnx with the cell in primitive operators, one step per call (for runtimes without LSTM). */
    PORTABLE,
    /** Both: NAME.onnx (lstm) and NAME.portable.onnx. */
    BOTH
}
