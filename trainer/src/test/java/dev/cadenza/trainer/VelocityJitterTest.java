package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.codec.Vocabulary;

class VelocityJitterTest {
    private final List<String> piece = List.of("<start>", "v:1", "n:60", "d:12", "v:3", "n:62", "w:12", "v:4", "n:64", "d:6", "<end>");
    private final Vocabulary vocabulary = Vocabulary.build(new TimedEncoding(new TimedEncoding.Options(4, true, false, false, false)), List.of(piece, List.of("v:2")));

    private List<String> moved(int shift) {
        VelocityJitter jitter = new VelocityJitter(vocabulary);
        return vocabulary.ids(piece).length == 0 ? List.of()
                : java.util.Arrays.stream(vocabulary.ids(piece)).map(id -> jitter.apply(id, shift)).boxed()
                .map(vocabulary::token).toList();
    }

    @Test
    void onlyVelocityBinsMoveAndTheyStayInsideTheRange() {
        assertEquals(piece, moved(0));
        assertEquals(List.of("<start>", "v:2", "n:60", "d:12", "v:4", "n:62", "w:12", "v:4", "n:64", "d:6", "<end>"), moved(1));
        assertEquals(List.of("<start>", "v:1", "n:60", "d:12", "v:2", "n:62", "w:12", "v:3", "n:64", "d:6", "<end>"), moved(-1));
    }
}
