package dev.cadenza.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TokenSamplerTest {
    private static final int V = 40;

    /** A random distribution with distinct probabilities, some mass on the reserved ids too. */
    private static float[] randomProbs(long seed) {
        Random r = new Random(seed);
        float[] p = new float[V];
        double sum = 0;
        for (int i = 0; i < V; i++) {
            p[i] = (float) Math.pow(r.nextDouble(), 3) + 1e-4f * i;
            sum += p[i];
        }
        for (int i = 0; i < V; i++) p[i] /= sum;
        return p;
    }

    private static Integer[] idsByProbability(float[] p) {
        Integer[] ids = new Integer[V];
        for (int i = 0; i < V; i++) ids[i] = i;
        Arrays.sort(ids, (a, b) -> Float.compare(p[b], p[a]));
        return Arrays.stream(ids).filter(TokenSampler::pickable).toArray(Integer[]::new);
    }

    @Test
    void greedyIsTheArgmaxOfThePickableTokens() {
        for (long seed = 0; seed < 20; seed++) {
            float[] p = randomProbs(seed);
            int got = new TokenSampler(Sampling.GREEDY, V, seed).sample(p, 0);
            assertEquals(idsByProbability(p)[0], got);
        }
    }

    @Test
    void topKNeverPicksOutsideTheKBest() {
        float[] p = randomProbs(7);
        Set<Integer> best = new HashSet<>(Arrays.asList(idsByProbability(p)).subList(0, 5));
        TokenSampler sampler = new TokenSampler(new Sampling.Sampled(1.5, 5, 1.0), V, 3);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) seen.add(sampler.sample(p, 0));
        assertTrue(best.containsAll(seen), "picked " + seen + " outside " + best);
        assertEquals(best, seen, "with 5000 draws at temperature 1.5 every one of the 5 best should appear");
    }

    @Test
    void topPNeverPicksOutsideTheNucleus() {
        float[] p = randomProbs(11);
        Integer[] order = idsByProbability(p);
        double pickableMass = 0;
        for (int id : order) pickableMass += p[id];
        Set<Integer> nucleus = new HashSet<>();
        double sum = 0;
        for (int id : order) {
            nucleus.add(id);
            sum += p[id];
            if (sum >= 0.6 * pickableMass) break;
        }
        TokenSampler sampler = new TokenSampler(new Sampling.Sampled(1.0, 0, 0.6), V, 5);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) seen.add(sampler.sample(p, 0));
        assertTrue(nucleus.containsAll(seen), "picked " + seen + " outside the nucleus " + nucleus);
        assertTrue(nucleus.size() < order.length, "the test distribution must have a real tail");
    }

    @Test
    void reservedTokensAreNeverPickedEvenWhenLikely() {
        float[] p = new float[V];
        p[0] = 0.3f;
        p[1] = 0.3f;
        p[3] = 0.3f;
        p[10] = 0.1f;
        TokenSampler sampler = new TokenSampler(Sampling.DEFAULT, V, 1);
        for (int i = 0; i < 200; i++) assertEquals(10, sampler.sample(p, 0));
        assertEquals(10, new TokenSampler(Sampling.GREEDY, V, 1).sample(p, 0));
    }

    @Test
    void sameSeedSameDrawsAndSamplingFollowsTheDistribution() {
        float[] p = randomProbs(3);
        int[] counts = new int[V];
        TokenSampler a = new TokenSampler(new Sampling.Sampled(1, 0, 1), V, 99);
        TokenSampler b = new TokenSampler(new Sampling.Sampled(1, 0, 1), V, 99);
        TokenSampler c = new TokenSampler(new Sampling.Sampled(1, 0, 1), V, 100);
        int same = 0;
        for (int i = 0; i < 20000; i++) {
            int x = a.sample(p, 0);
            assertEquals(x, b.sample(p, 0));
            if (x == c.sample(p, 0)) same++;
            counts[x]++;
        }
        assertNotEquals(20000, same, "different seeds must give different streams");
        double pickable = 0;
        for (int i = 0; i < V; i++) if (TokenSampler.pickable(i)) pickable += p[i];
        int top = idsByProbability(p)[0];
        assertEquals(p[top] / pickable, counts[top] / 20000.0, 0.02);
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Sampling.Sampled(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sampling.Sampled(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sampling.Sampled(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sampling.Sampled(1, 0, 1.5));
    }

    @Test
    void aTinyTemperatureApproachesGreedyInsteadOfEndingThePiece() {
        // <end> (id 2) holds 0.2, the likeliest note 0.5: p^(1/T) underflows every weight to 0 in float below T ~ 0.02.
        float[] p = new float[V];
        p[2] = 0.2f;
        p[7] = 0.5f;
        p[9] = 0.3f;
        for (double t : new double[] {0.02, 0.005, 1e-4, 1e-12, 1e-300, Double.MIN_VALUE}) {
            for (double topP : new double[] {1.0, 0.95}) {
                TokenSampler sampler = new TokenSampler(new Sampling.Sampled(t, 0, topP), V, 42);
                for (int i = 0; i < 200; i++) assertEquals(7, sampler.sample(p, 0), "temperature " + t + ", top-p " + topP);
            }
        }
    }
}
