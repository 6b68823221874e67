package dev.cadenza.spark;

import java.io.Serializable;

import dev.cadenza.runtime.generate.Decoding;
import dev.cadenza.runtime.generate.GenerationRequest;
import dev.cadenza.runtime.generate.PrimerChoice;

/**
 * A {@code spark generate} run as it travels to the executors, in plain serializable values; each executor rebuilds
 * from it the same {@link GenerationRequest} {@code cadenza generate} builds from the same options.
 *
 * @param modelFile the model's file name as {@code SparkContext.addFile} ships it
 * @param decoding  the run's one {@link Decoding}, validated on the driver, in its text form
 *                  ({@link Decoding#describe()}, read back with {@link Decoding#parse(String)} to an equal value)
 * @param tempoBpm  null for the model's tempo
 * @param title     pieces are {@code title-NN.mid}, as {@code cadenza generate} names them
 */
public record GenerateSettings(String modelFile, int count, String decoding, Double tempoBpm, String title, int threads)
        implements Serializable {
    /** The settings of {@code request}, whose pieces start from the beginning (Spark runs take no primer). */
    public static GenerateSettings of(String modelFile, GenerationRequest request, int threads) {
        if (!(request.primer() instanceof PrimerChoice.Start)) {
            throw new IllegalArgumentException("spark generate starts every piece from the beginning; it takes no primer");
        }
        String text = request.decoding().describe();
        // The executors read the text back: a setting the text form lost would make other pieces than generate's.
        if (!Decoding.parse(text).equals(request.decoding())) {
            throw new IllegalStateException("the decoding " + request.decoding() + " does not survive its text form '" + text + "'");
        }
        return new GenerateSettings(modelFile, request.count(), text, request.tempoBpm(), request.title(), threads);
    }

    public GenerationRequest request() {
        return new GenerationRequest(count, Decoding.parse(decoding), PrimerChoice.start(), tempoBpm, title);
    }

    /** The run's seed. */
    public long seed() {
        return request().seed();
    }
}
