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

    /**
     * Top-p takes the nucleus from a partial heap instead of a full sort; a seed must still give exactly the draws of
     * the plain definition (sort by weight, ties to the lower id, cut where the mass reaches p, one uniform draw),
     * or pieces made before would change. Rows with ties and long flat tails, several p and temperatures.
     */
    @Test
    void topPDrawsAreExactlyThoseOfAFullSort() {
        int v = 150;
        Random r = new Random(3);
        for (double topP : new double[]{0.3, 0.9, 0.95, 0.999}) {
            for (double t : new double[]{1.0, 0.7}) {
                long seed = r.nextLong();
                TokenSampler sampler = new TokenSampler(new Sampling.Sampled(t, 0, topP), v, seed);
                java.util.SplittableRandom reference = new java.util.SplittableRandom(seed);
                for (int row = 0; row < 400; row++) {
                    float[] p = new float[v];
                    for (int i = 0; i < v; i++) {
                        // peaked rows, flat rows, and rows with many exact ties
                        double x = row % 3 == 0 ? Math.pow(r.nextDouble(), 8) : row % 3 == 1 ? r.nextDouble() : r.nextInt(4);
                        p[i] = (float) x;
                    }
                    float sum = 0;
                    for (float x : p) sum += x;
                    for (int i = 0; i < v; i++) p[i] /= sum;
                    assertEquals(referenceDraw(p, t, topP, reference), sampler.sample(p, 0), "p " + topP + " T " + t + " row " + row);
                }
            }
        }
    }

    private static int referenceDraw(float[] p, double t, double topP, java.util.SplittableRandom random) {
        float max = 0;
        for (int i = 0; i < p.length; i++) if (TokenSampler.pickable(i) && p[i] > max) max = p[i];
        float[] w = new float[p.length];
        java.util.List<Integer> ids = new java.util.ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            if (!TokenSampler.pickable(i) || !(p[i] > 0)) continue;
            w[i] = t == 1.0 ? p[i] : TokenSampler.relativeWeight(p[i] / (double) max, 1.0 / t);
            ids.add(i);
        }
        ids.sort((a, b) -> w[a] != w[b] ? Float.compare(w[b], w[a]) : Integer.compare(a, b));
        double total = 0;
        for (int id : ids) total += w[id];
        int kept = ids.size();
        double sum = 0;
        for (int j = 0; j < ids.size(); j++) {
            sum += w[ids.get(j)];
            if (sum >= topP * total) {
                kept = j + 1;
                break;
            }
        }
        double mass = 0;
        for (int j = 0; j < kept; j++) mass += w[ids.get(j)];
        double target = random.nextDouble() * mass;
        double walked = 0;
        for (int j = 0; j < kept; j++) {
            walked += w[ids.get(j)];
            if (target < walked) return ids.get(j);
        }
        return ids.get(kept - 1);
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
