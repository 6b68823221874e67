package dev.cadenza.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SamplingTest {
    @Test
    void parsesTheTextFormWithShortKeysAndSpaces() {
        assertEquals(Sampling.GREEDY, Sampling.parse(" Greedy "));
        assertEquals(new Sampling.Sampled(0.8, 20, 1.0), Sampling.parse("temperature=0.8,top-k=20"));
        assertEquals(new Sampling.Sampled(1.0, 0, 0.9), Sampling.parse(" top-p = 0.9 "));
        assertEquals(new Sampling.Sampled(0.7, 5, 0.5), Sampling.parse("t=0.7,k=5,p=0.5"));
    }

    @Test
    void describeReadsBackToTheSameSetting() {
        for (Sampling s : List.of(Sampling.GREEDY, Sampling.DEFAULT, new Sampling.Sampled(0.8, 20, 1),
                new Sampling.Sampled(1.25, 3, 0.5))) {
            assertEquals(s, Sampling.parse(s.describe()), s.describe());
        }
    }

    @Test
    void badTextNamesTheProblem() {
        for (String bad : List.of("temperature", "temperature=hot", "top-q=3", "temperature=0", "top-p=2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sampling.parse(bad));
            assertTrue(e.getMessage().startsWith("'" + bad + "'"), e.getMessage());
        }
    }
}
