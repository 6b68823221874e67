package dev.cadenza.trainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.runtime.corpus.Manifest;

/** Which pieces (by corpus-relative name) train and which validate. Whole pieces only, never windows of one. */
public record Split(List<String> train, List<String> validation) {
    public Split {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    /**
     * A reproducible split: the names are shuffled with {@code seed} and the first {@code share} of them (rounded,
     * at least one) validate. With a single piece there is nothing to hold out, so it is refused.
     */
    public static Split of(List<String> names, double share, long seed) {
        if (names.size() < 2) {
            throw new IllegalArgumentException("need at least 2 pieces to hold one out for validation, have " + names.size());
        }
        List<String> shuffled = new ArrayList<>(names);
        Collections.sort(shuffled);
        Collections.shuffle(shuffled, new Random(Seeds.mix(seed, 0, -2))); // mixed: Random gives similar first draws for nearby seeds
        int held = Math.max(1, Math.min(names.size() - 1, (int) Math.round(names.size() * share)));
        List<String> validation = new ArrayList<>(shuffled.subList(0, held));
        List<String> train = new ArrayList<>(shuffled.subList(held, shuffled.size()));
        Collections.sort(validation);
        Collections.sort(train);
        return new Split(train, validation);
    }

    /**
     * The split a corpus asks for: the pieces its manifest marks {@code split=validation} are held out, every run
     * alike, whatever the seed or the number of training pieces; without such a manifest, {@link #of(List, double, long)}.
     *
     * @throws IllegalArgumentException when the manifest holds out every piece
     */
    public static Split of(Corpus corpus, List<String> names, double share, long seed) {
        Manifest manifest = corpus.manifest();
        boolean fixed = manifest != null && manifest.rows().values().stream().anyMatch(Manifest.Row::heldOut);
        if (!fixed) return of(names, share, seed);
        List<String> train = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        for (String name : names) {
            Manifest.Row row = manifest.row(name);
            (row != null && row.heldOut() ? validation : train).add(name);
        }
        if (train.isEmpty()) throw new IllegalArgumentException(manifest.file() + " holds out every piece; nothing is left to train on");
        if (validation.isEmpty()) throw new IllegalArgumentException(manifest.file() + ": none of its held-out pieces could be read");
        Collections.sort(train);
        Collections.sort(validation);
        return new Split(train, validation);
    }

    /**
     * The same validation pieces with only {@code n} training pieces: taken in turn from each style (composer; pieces
     * without one form their own group), each group in a fixed order (by a hash of the name), so that 50 pieces hear
     * as many composers as 50 can and 100 pieces hold the 50. All of them when {@code n} is not below their number.
     */
    public Split firstTrainPieces(int n, Function<String, String> styleOf) {
        if (n >= train.size()) return this;
        Map<String, List<String>> groups = new TreeMap<>();
        for (String name : train) groups.computeIfAbsent(String.valueOf(styleOf.apply(name)), g -> new ArrayList<>()).add(name);
        for (List<String> g : groups.values()) g.sort(java.util.Comparator.comparingLong(Split::stableHash).thenComparing(s -> s));
        List<String> picked = new ArrayList<>();
        for (int round = 0; picked.size() < n; round++) {
            for (List<String> g : groups.values()) {
                if (round < g.size() && picked.size() < n) picked.add(g.get(round));
            }
        }
        Collections.sort(picked);
        return new Split(picked, validation);
    }

    /** A hash of a name that is the same on every machine and Java version (String.hashCode is, but clusters). */
    static long stableHash(String name) {
        long h = 0xcbf29ce484222325L; // FNV-1a, 64 bits
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
