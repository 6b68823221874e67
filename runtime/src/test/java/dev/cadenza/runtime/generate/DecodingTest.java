package dev.cadenza.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.music.Key;

/** The one decoding value: its text form, its builder and its one set of bounds, each refusal naming its setting. */
class DecodingTest {
    @Test
    void theTextFormReadsBackToAnEqualValue() {
        Decoding d = Decoding.builder().sampling(new Sampling.Sampled(0.8, 20, 0.9)).beam(new BeamSearch(4, 2, 8))
                .noRepeatNgram(6).key(Key.parse("Eb")).keyStrength(2.5).earliestEndShare(0.5).maxTokens(900)
                .musicLength(MusicLength.bars(16)).seed(7).build();
        assertEquals(d, Decoding.parse(d.describe()));
        assertEquals("temperature=0.8, top-k=20, top-p=0.9, beam=4, branch=2, steps=8, no-repeat=6, key=Eb, key-strength=2.5, "
                + "min-end=0.5, tokens=900, bars=16, seed=7", d.describe());
        Decoding tutorial = Decoding.builder().sampling(Sampling.GREEDY).window(100).musicLength(MusicLength.NONE).build();
        assertEquals(tutorial, Decoding.parse(tutorial.describe()));
        assertEquals("temperature=1.0, top-p=0.95", Decoding.DEFAULT.describe(), "the default names its sampling only");
    }

    @Test
    void whatTheTextLeavesOutComesFromTheBase() {
        Decoding base = Decoding.builder().maxTokens(300).seed(5).musicLength(MusicLength.seconds(20)).noRepeatNgram(4).build();
        Decoding d = Decoding.parse("top-k=10,seconds=30", base);
        assertEquals(300, d.maxTokens());
        assertEquals(5, d.seed());
        assertEquals(30, d.musicLength().seconds());
        assertEquals(0, d.noRepeatNgram(), "rules not named are off");
        assertEquals("temperature=1.0, top-k=10, seconds=30", d.describe(base));
    }

    @Test
    void everyBoundIsCheckedOnceAndNamesItsSetting() {
        assertEquals("no-repeat", refusal(() -> Decoding.builder().noRepeatNgram(1).build()).key());
        assertEquals("tokens", refusal(() -> Decoding.builder().maxTokens(0).build()).key());
        assertEquals("tokens", refusal(() -> Decoding.builder().maxTokens(Decoding.MAX_TOKENS + 1).build()).key());
        assertEquals("seed", refusal(() -> Decoding.builder().seed(-1).build()).key());
        assertEquals("key-strength", refusal(() -> Decoding.builder().keyStrength(21).build()).key());
        assertEquals("min-end", refusal(() -> Decoding.builder().earliestEndShare(1.5).build()).key());
        assertEquals("style", refusal(() -> Decoding.builder().style("../x").build()).key());
        assertEquals("window", refusal(() -> Decoding.builder().window(8).beam(new BeamSearch(2, 1, 1)).build()).key());
        assertEquals("top-k", refusal(() -> new Sampling.Sampled(1, -1, 1)).key());
        assertEquals("bars", refusal(() -> MusicLength.bars(0)).key());
        assertEquals("tempo", refusal(() -> GenerationRequest.checkTempo(401)).key());
        SettingException e = refusal(() -> Decoding.builder().noRepeatNgram(1).build());
        assertEquals("--no-repeat-ngram must be 2..1024 (0: off), got 1", e.naming("--no-repeat-ngram"));
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class, () -> Decoding.parse("top-p=0.9,tokens=x"));
        assertTrue(text.getMessage().contains("'x' is not a whole number"), text.getMessage());
    }

    private static SettingException refusal(Runnable r) {
        return assertThrows(SettingException.class, r::run);
    }
}
