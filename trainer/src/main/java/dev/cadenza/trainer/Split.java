package dev.cadenza.trainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

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
}
