package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.spi.StepModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.cadenza.runtime.codec.SpecialTokens;

/**
 * Stochastic beam search in the form of Magenta's generators: each piece keeps {@link BeamSearch#beamSize} beams;
 * every iteration each beam grows {@link BeamSearch#branchFactor} branches by {@link BeamSearch#stepsPerIteration}
 * tokens each, every token drawn with the row's {@link Sampling} (so branches differ and the search does not climb
 * into the likeliest loop, as a deterministic beam search does), and the branches of highest total log-likelihood
 * under the model (raw probabilities, before temperature or truncation) become the next beams.
 *
 * <p>All branches of all pieces are rows of one model state and grow together, one model call per step; choosing
 * beams copies their state rows ({@link ModelState#select}). A branch that ends (END, its token limit or its
 * {@link TimeLimit}) stops growing and keeps its score; a piece is done when its best beam has ended (later tokens only
 * lower a growing beam's score, so nothing can overtake it). The piece is the stream of that beam.
 *
 * <p>Deterministic for a given request: the first beam draws from the row's own random stream ({@link RowRequest#seed})
 * and every new branch from a seed drawn from a second stream of that row. With one beam and one branch nothing is ever
 * forked, so the result is exactly {@link SamplingDecoder}'s for the same rows. Listener: {@code primed} and
 * {@code stepped} as the search runs; a piece's {@code token} events and {@code finished} come together when the
 * piece is decided, since tokens of beams that lose are never part of any piece.
 */
final class BeamSearchDecoder implements Decoder {
    /** Floor for a probability before its logarithm: a draw of a token the model gives 0 (NaN fall-back) stays finite. */
    private static final double MIN_PROBABILITY = 1e-30;

    private final BeamSearch search;

    public BeamSearchDecoder(BeamSearch search) {
        if (search == null) throw new IllegalArgumentException("beam search settings are required");
        this.search = search;
    }

    /** The settings. */
    public BeamSearch search() {
        return search;
    }

    /** One candidate continuation of a piece. */
    private static final class Branch {
        final Search piece;
        final TokenSampler sampler;
        final RowRules rules;
        final long order; // creation order within the piece: ties in score go to the older branch
        int[] out;
        int produced;
        double logLikelihood;
        GenerationListener.Finish finish; // null while growing
        int row; // its row in the current state

        Branch(Search piece, TokenSampler sampler, RowRules rules, long order, int capacity) {
            this.piece = piece;
            this.sampler = sampler;
            this.rules = rules;
            this.order = order;
            this.out = new int[Math.min(capacity, 256)];
        }

        /** A branch from here on with its own random stream. */
        Branch fork(TokenSampler other, long newOrder) {
            Branch b = new Branch(piece, other, rules.fork(), newOrder, piece.request.maxTokens());
            b.out = Arrays.copyOf(out, Math.max(out.length, 1));
            b.produced = produced;
            b.logLikelihood = logLikelihood;
            b.row = row;
            return b;
        }

        void add(int id) {
            if (produced == out.length) out = Arrays.copyOf(out, Math.min(piece.request.maxTokens(), out.length * 2));
            out[produced++] = id;
        }

        /** Draws the branch's next token under its row's rules. */
        int draw(float[] probs, int offset) {
            return rules.draw(sampler, probs, offset, piece.request.primer(), out, produced);
        }

        /** Ends the branch after its newest token when END, its time limit or its token limit says so. */
        void checkStop(int id) {
            finish = rules.stopAfter(id, produced);
        }
    }

    /** One piece's search. */
    private static final class Search {
        final RowRequest request;
        final int position; // in the caller's list
        final SplittableRandom forks;
        List<Branch> beams = new ArrayList<>();
        long created;
        boolean done;

        Search(RowRequest request, int position) {
            this.request = request;
            this.position = position;
            this.forks = new SplittableRandom(request.seed() ^ 0xBEA3_5EA2_C4B2_A9C3L);
        }
    }

    private static final Comparator<Branch> BEST_FIRST =
            Comparator.<Branch>comparingDouble(b -> -b.logLikelihood).thenComparingLong(b -> b.order);

    @Override
    public List<GeneratedPiece> decode(StepModel model, List<RowRequest> rows, GenerationListener listener) {
        if (rows.isEmpty()) throw new IllegalArgumentException("nothing to generate: no rows");
        GenerationListener events = listener == null ? GenerationListener.NONE : listener;
        int vocabulary = model.vocabularySize();
        Map<RowRequest, Integer> seen = new IdentityHashMap<>();
        List<Search> pieces = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            RowRequest row = rows.get(i);
            if (seen.put(row, i) != null) {
                throw new IllegalArgumentException("row " + i + " is the same request object as an earlier row; make one per row");
            }
            for (int id : row.primer()) {
                if (id < 0 || id >= vocabulary) throw new IllegalArgumentException("primer id " + id + " is outside the vocabulary");
            }
            pieces.add(new Search(row, i));
        }
        float[] probs = new float[rows.size() * vocabulary];
        ModelState state = prime(model, rows, probs, events);
        for (Search s : pieces) {
            for (int b = 0; b < search.beamSize(); b++) {
                long seed = b == 0 ? s.request.seed() : s.forks.nextLong();
                Branch beam = new Branch(s, new TokenSampler(s.request.sampling(), vocabulary, seed),
                        new RowRules(s.request, vocabulary), s.created++, s.request.maxTokens());
                beam.row = s.position;
                s.beams.add(beam);
            }
        }
        GeneratedPiece[] out = new GeneratedPiece[rows.size()];
        int left = rows.size();
        while (left > 0) {
            // Branch: every growing beam of every piece still searching becomes branchFactor rows of a new state.
            List<Branch> growing = new ArrayList<>();
            for (Search s : pieces) {
                if (s.done) continue;
                List<Branch> next = new ArrayList<>();
                for (Branch beam : s.beams) {
                    if (beam.finish != null) {
                        next.add(beam); // an ended beam keeps its place and score
                        continue;
                    }
                    for (int f = 0; f < search.branchFactor(); f++) {
                        Branch child = f == 0 ? beam : beam.fork(
                                new TokenSampler(s.request.sampling(), vocabulary, s.forks.nextLong()), s.created++);
                        next.add(child);
                        growing.add(child);
                    }
                }
                s.beams = next;
            }
            int[] parents = new int[growing.size()];
            float[] grownProbs = new float[growing.size() * vocabulary];
            for (int r = 0; r < parents.length; r++) {
                Branch b = growing.get(r);
                parents[r] = b.row;
                System.arraycopy(probs, b.row * vocabulary, grownProbs, r * vocabulary, vocabulary);
                b.row = r;
            }
            state = state.select(parents);
            probs = grownProbs;
            grow(model, state, growing, probs, events);
            // Prune: the best beamSize branches of each piece go on; a piece whose best has ended is done.
            for (Search s : pieces) {
                if (s.done) continue;
                s.beams.sort(BEST_FIRST);
                if (s.beams.size() > search.beamSize()) s.beams = new ArrayList<>(s.beams.subList(0, search.beamSize()));
                Branch best = s.beams.get(0);
                if (best.finish == null) continue;
                s.done = true;
                left--;
                int[] ids = Arrays.copyOf(best.out, best.produced);
                for (int k = 0; k < ids.length; k++) events.token(s.request, ids[k], k);
                out[s.position] = new GeneratedPiece(s.request.index(), s.request.primer(), ids,
                        best.finish == GenerationListener.Finish.END);
                events.finished(s.request, out[s.position], best.finish);
                s.beams = List.of();
            }
        }
        return new ArrayList<>(Arrays.asList(out));
    }

    /** Grows the branches by up to stepsPerIteration tokens each, one model call per step for all of them. */
    private void grow(StepModel model, ModelState state, List<Branch> branches, float[] probs, GenerationListener events) {
        int vocabulary = model.vocabularySize();
        long[] tokens = new long[branches.size()];
        for (int step = 0; step < search.stepsPerIteration(); step++) {
            boolean any = false;
            for (int r = 0; r < branches.size(); r++) {
                Branch b = branches.get(r);
                if (b.finish != null) {
                    tokens[r] = SpecialTokens.END_ID; // rides along until the next branching drops it
                    continue;
                }
                int id = b.draw(probs, r * vocabulary);
                b.logLikelihood += Math.log(Math.max(MIN_PROBABILITY, probs[r * vocabulary + id]));
                b.add(id);
                b.checkStop(id);
                tokens[r] = id;
                any |= b.finish == null;
            }
            if (!any) return;
            long t = System.nanoTime();
            model.run(tokens, 1, state, probs);
            events.stepped(branches.size(), System.nanoTime() - t);
        }
    }

    /** Feeds every primer (one call when they share a length, else one each); first distributions into probs. */
    private static ModelState prime(StepModel model, List<RowRequest> rows, float[] probs, GenerationListener events) {
        int vocabulary = model.vocabularySize();
        int n = rows.size();
        int steps = rows.get(0).primer().length;
        ModelState state = model.newState(n);
        if (rows.stream().allMatch(r -> r.primer().length == steps)) {
            long[] feed = new long[n * steps];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < steps; s++) feed[i * steps + s] = rows.get(i).primer()[s];
            }
            float[] all = new float[n * steps * vocabulary];
            long t = System.nanoTime();
            model.run(feed, steps, state, all);
            events.primed(n, steps, System.nanoTime() - t);
            for (int i = 0; i < n; i++) {
                System.arraycopy(all, (i * steps + steps - 1) * vocabulary, probs, i * vocabulary, vocabulary);
            }
            return state;
        }
        for (int i = 0; i < n; i++) {
            int[] p = rows.get(i).primer();
            long[] feed = new long[p.length];
            for (int s = 0; s < p.length; s++) feed[s] = p[s];
            float[] all = new float[p.length * vocabulary];
            ModelState one = model.newState(1);
            long t = System.nanoTime();
            model.run(feed, p.length, one, all);
            events.primed(1, p.length, System.nanoTime() - t);
            System.arraycopy(all, (p.length - 1) * vocabulary, probs, i * vocabulary, vocabulary);
            state.setRow(i, one, 0);
        }
        return state;
    }
}
