package dev.cadenza.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.codec.Vocabulary;

class EncodingOptionsMetadataTest {
    private static ModelMetadata metadata(TimedEncoding encoding, List<String> extra) {
        List<String> tokens = new java.util.ArrayList<>(List.of("<pad>", "<start>", "<end>", "<unk>", "n:60", "d:12"));
        tokens.addAll(extra);
        return new ModelMetadata(ModelVariant.LSTM, Vocabulary.of(encoding, tokens), 8, 1, 16, 0, 120, null, null);
    }

    @Test
    void aVersion1ModelCarriesNoOptionKeys() {
        Map<String, String> p = metadata(new TimedEncoding(), List.of()).toProperties();
        assertEquals("1", p.get(ModelMetadata.KEY_ENCODING_VERSION));
        assertFalse(p.keySet().stream().anyMatch(k -> k.startsWith(ModelMetadata.KEY_ENCODING_OPTION_PREFIX)), p.toString());
        assertEquals(new TimedEncoding(), ModelMetadata.fromProperties(p, "m.onnx").encoding());
    }

    @Test
    void velocityBinsAndPedalTravelInTheMetadata() {
        TimedEncoding encoding = new TimedEncoding(new TimedEncoding.Options(8, true));
        Map<String, String> p = metadata(encoding, List.of("v:2", "v:7")).toProperties();
        assertEquals("2", p.get(ModelMetadata.KEY_ENCODING_VERSION));
        assertEquals("8", p.get("cadenza.encoding.velocityBins"));
        assertEquals("true", p.get("cadenza.encoding.sustainPedal"));
        ModelMetadata back = ModelMetadata.fromProperties(p, "m.onnx");
        assertEquals(encoding, back.encoding());
        assertTrue(back.encoding().sustainPedal());
    }

    @Test
    void anOptionKeyThatDisagreesWithTheVocabularyIsRefused() {
        Map<String, String> p = new java.util.LinkedHashMap<>(
                metadata(new TimedEncoding(new TimedEncoding.Options(8, false)), List.of("v:1")).toProperties());
        p.put("cadenza.encoding.velocityBins", "4");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelMetadata.fromProperties(p, "m.onnx"));
        assertTrue(e.getMessage().startsWith("m.onnx: cadenza.encoding.velocityBins=4 disagrees"), e.getMessage());
    }
}
