package dev.cadenza.spark;

import java.io.Serializable;

import dev.cadenza.runtime.generate.GenerationRequest;
import dev.cadenza.runtime.generate.MusicLength;
import dev.cadenza.runtime.generate.Sampling;
import dev.cadenza.runtime.music.Key;

/**
 * A {@code spark generate} run as it travels to the executors, in plain serializable values; each executor rebuilds
 * from it the same {@link GenerationRequest} {@code cadenza generate} builds from the same options.
 *
 * @param modelFile the model's file name as {@code SparkContext.addFile} ships it
 * @param sampling  {@link Sampling#describe()} text, read back with {@link Sampling#parse}
 * @param key       the key every piece starts in, or null (a key-token model then draws each piece's key)
 * @param tempoBpm  null for the model's tempo
 * @param title     pieces are {@code title-NN.mid}, as {@code cadenza generate} names them
 */
public record GenerateSettings(String modelFile, int count, long seed, int maxTokens, String sampling, double seconds,
                               int bars, String key, Double tempoBpm, String title, int threads) implements Serializable {
    public GenerationRequest request() {
        GenerationRequest r = GenerationRequest.of(count, maxTokens).withSampling(Sampling.parse(sampling)).withSeed(seed)
                .withMusicLength(new MusicLength(seconds, bars, 4)).withTempo(tempoBpm).withTitle(title);
        return key == null ? r : r.withDecoding(r.decoding().toBuilder().key(Key.parse(key)).build());
    }
}
