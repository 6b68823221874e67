package dev.cadenza.exporter;

import dev.cadenza.runtime.model.ModelMetadata;

/** Names shared by every model file we write: the graph's inputs and outputs and the producer. */
final class ModelFiles {
    static final String PRODUCER_NAME = ModelMetadata.PRODUCER;
    static final String PRODUCER_VERSION = "0.1.0";

    static final String TOKENS = "tokens";
    static final String H = "h";
    static final String C = "c";
    static final String PROBS = "probs";
    static final String H_OUT = "h_out";
    static final String C_OUT = "c_out";

    private ModelFiles() {
    }
}
